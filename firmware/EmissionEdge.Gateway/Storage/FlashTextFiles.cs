using System;
using System.IO;
using EmissionEdge.Gateway.Core.Ports;
using EmissionEdge.Gateway.Core.Text;

namespace EmissionEdge.Gateway.Storage
{
    /// <summary>
    /// Reads the configuration's files (pin map, analyzer maps) from the internal flash drive. A path written
    /// in the configuration as <c>../pinmaps/esp32-devkitc.json</c> (repository layout) is looked up by its file
    /// name under <see cref="Folder"/>, because file deployment puts every file flat into <c>I:\</c>.
    /// </summary>
    /// <remarks>
    /// nanoFramework APIs used (nanoFramework.System.IO.FileSystem): <c>System.IO.File.Exists(string)</c>,
    /// <c>FileStream(string, FileMode.Open, FileAccess.Read)</c>, <c>FileStream.Length</c>, <c>FileStream.Read(byte[], int, int)</c>.
    /// UTF-8 decoding is the core's <see cref="Utf8.TryDecode"/> (the device has no System.Text in mscorlib).
    /// </remarks>
    public sealed class FlashTextFiles : ITextFiles
    {
        /// <summary>Folder the files were deployed to.</summary>
        public const string Folder = "I:\\";

        /// <summary>Largest file read (analyzer maps and pin maps are a few KB).</summary>
        public const int MaxBytes = 64 * 1024;

        /// <inheritdoc/>
        public bool TryReadText(string path, out string text, out string error)
        {
            text = string.Empty;
            string onDevice = DevicePath(path);
            if (!File.Exists(onDevice))
            {
                error = path + ": not found on the device (looked for " + onDevice + "; deploy it with nanoff --filedeployment)";
                return false;
            }

            try
            {
                using (var file = new FileStream(onDevice, FileMode.Open, FileAccess.Read))
                {
                    long length = file.Length;
                    if (length > MaxBytes)
                    {
                        error = onDevice + ": " + length.ToString() + " bytes, more than " + MaxBytes.ToString();
                        return false;
                    }

                    var bytes = new byte[(int)length];
                    int done = 0;
                    while (done < bytes.Length)
                    {
                        int n = file.Read(bytes, done, bytes.Length - done);
                        if (n <= 0)
                        {
                            break;
                        }

                        done += n;
                    }

                    if (!Utf8.TryDecode(bytes, 0, done, out text))
                    {
                        error = onDevice + ": not valid UTF-8";
                        return false;
                    }
                }
            }
            catch (Exception ex)
            {
                error = onDevice + ": " + ex.Message;
                return false;
            }

            error = string.Empty;
            return true;
        }

        /// <summary>The device path of a path as written in a configuration file: its file name under <see cref="Folder"/>.</summary>
        /// <param name="path">Path as written (forward or back slashes).</param>
        /// <returns>For example <c>I:\esp32-devkitc.json</c>.</returns>
        public static string DevicePath(string path)
        {
            int slash = path.LastIndexOf('/');
            int backslash = path.LastIndexOf('\\');
            int cut = (slash > backslash ? slash : backslash) + 1;
            return Folder + path.Substring(cut);
        }
    }
}
