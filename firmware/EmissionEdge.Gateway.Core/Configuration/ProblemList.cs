using System.Collections;

namespace EmissionEdge.Gateway.Core.Configuration
{
    /// <summary>
    /// Every problem found while reading or validating a configuration file, each a sentence that
    /// names the file, the entry and the value (for example
    /// <c>sick-gm32.json: channels[2] (NO2): unknown type 'float64'</c>).
    /// </summary>
    public sealed class ProblemList
    {
        private readonly ArrayList _items = new ArrayList();

        /// <summary>Number of problems.</summary>
        public int Count => _items.Count;

        /// <summary>Whether nothing was found wrong.</summary>
        public bool IsEmpty => _items.Count == 0;

        /// <summary>The problem at <paramref name="index"/>.</summary>
        /// <param name="index">0-based index.</param>
        public string this[int index] => (string)_items[index]!;

        /// <summary>Adds a problem.</summary>
        /// <param name="problem">The sentence.</param>
        public void Add(string problem) => _items.Add(problem);

        /// <summary>All problems, one per line.</summary>
        /// <returns>The text.</returns>
        public override string ToString()
        {
            string text = string.Empty;
            for (int i = 0; i < _items.Count; i++)
            {
                text = i == 0 ? (string)_items[i]! : text + "\n" + (string)_items[i]!;
            }

            return text;
        }
    }
}
