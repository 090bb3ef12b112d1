namespace EmissionEdge.Gateway.Core.Ports
{
    /// <summary>
    /// Reads the text files a gateway configuration refers to (analyzer maps, pin map), by the
    /// path written in the configuration, relative to the configuration file.
    /// </summary>
    public interface ITextFiles
    {
        /// <summary>Reads a whole file as text.</summary>
        /// <param name="path">The path as written in the referring file.</param>
        /// <param name="text">The content when it could be read.</param>
        /// <param name="error">Why it could not be read (missing, unreadable), naming the path.</param>
        /// <returns><see langword="true"/> when <paramref name="text"/> holds the content.</returns>
        bool TryReadText(string path, out string text, out string error);
    }
}
