using System.Globalization;
using System.Text;

namespace EmissionEdge.Fuzzing.Running;

/// <summary>The figures of one target's run.</summary>
public sealed class FuzzReport
{
    private readonly Dictionary<string, long> _reasons = new(StringComparer.Ordinal);

    /// <summary>Creates an empty report.</summary>
    /// <param name="target">The target's name.</param>
    /// <param name="seed">The seed of the run.</param>
    public FuzzReport(string target, ulong seed)
    {
        Target = target;
        Seed = seed;
    }

    /// <summary>The target's name.</summary>
    public string Target { get; }

    /// <summary>The seed of the run.</summary>
    public ulong Seed { get; }

    /// <summary>Inputs run to the end.</summary>
    public long Inputs { get; private set; }

    /// <summary>Inputs the component accepted.</summary>
    public long Accepted { get; private set; }

    /// <summary>Inputs the component rejected with a reason.</summary>
    public long Rejected { get; private set; }

    /// <summary>Valid generated inputs that were accepted and decoded to the generated values.</summary>
    public long RoundTrips { get; private set; }

    /// <summary>Wall time of the run.</summary>
    public TimeSpan Elapsed { get; internal set; }

    /// <summary>Inputs per second.</summary>
    public double InputsPerSecond => Elapsed > TimeSpan.Zero ? Inputs / Elapsed.TotalSeconds : 0;

    /// <summary>The longest time one input took, in microseconds (thread CPU time on Linux, else wall time).</summary>
    public double SlowestMicroseconds { get; private set; }

    /// <summary>0-based number of the slowest input.</summary>
    public long SlowestIndex { get; private set; } = -1;

    /// <summary>How the slowest input was made and how long it was.</summary>
    public string SlowestInput { get; private set; } = string.Empty;

    /// <summary>The failure the run stopped at, or <see langword="null"/>.</summary>
    public FuzzFailure? Failure { get; internal set; }

    /// <summary>Crashes found (0 or 1: a run stops at the first).</summary>
    public int Crashes => Failure is { Kind: FuzzFailureKind.Crash } ? 1 : 0;

    /// <summary>The most frequent rejection reasons (values replaced by placeholders so that alike reasons count together).</summary>
    /// <param name="count">How many.</param>
    /// <returns>Reason and how many inputs were rejected for it, most frequent first.</returns>
    public IReadOnlyList<KeyValuePair<string, long>> TopReasons(int count) =>
        _reasons.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Take(count).ToList();

    /// <summary>Number of different (normalised) rejection reasons seen.</summary>
    public int DistinctReasons => _reasons.Count;

    /// <summary>CPU time spent making the inputs (generators and mutators), in seconds.</summary>
    public double GeneratingSeconds { get; private set; }

    /// <summary>CPU time spent in the component (and the target's checks of its answer), in seconds.</summary>
    public double ComponentSeconds { get; private set; }

    internal void Count(long index, FuzzCase input, FuzzOutcome outcome, double microseconds, double generatingMicroseconds)
    {
        Inputs++;
        ComponentSeconds += microseconds / 1e6;
        GeneratingSeconds += generatingMicroseconds / 1e6;
        if (outcome.Accepted)
        {
            Accepted++;
            if (input.MustBeAccepted)
            {
                RoundTrips++;
            }
        }
        else
        {
            Rejected++;
            var key = ReasonKey(outcome.Reason!);
            _reasons[key] = _reasons.TryGetValue(key, out var n) ? n + 1 : 1;
        }

        if (microseconds > SlowestMicroseconds)
        {
            SlowestMicroseconds = microseconds;
            SlowestIndex = index;
            SlowestInput = $"{input.Origin}, {input.Bytes.Length} bytes";
        }
    }

    /// <summary>The report as text: one header line, the reasons, the slowest input, the failure if any.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"{Target}: inputs={Inputs} accepted={Accepted} (round-trips={RoundTrips}) rejected={Rejected} crashes={Crashes} " +
            $"failures={(Failure is null ? 0 : 1)} seed={Seed} time={Elapsed.TotalSeconds:0.0}s rate={InputsPerSecond:0} inputs/s");
        text.AppendLine(c, $"  slowest input: {SlowestMicroseconds:0} µs {(ThreadCpuClock.IsCpuTime ? "CPU" : "wall")} (#{SlowestIndex}: {SlowestInput})");
        text.AppendLine(c, $"  {(ThreadCpuClock.IsCpuTime ? "CPU" : "wall")} time: making inputs {GeneratingSeconds:0.0} s, component {ComponentSeconds:0.0} s");
        text.AppendLine(c, $"  rejection reasons ({DistinctReasons} distinct), top 10:");
        foreach (var (reason, n) in TopReasons(10))
        {
            text.AppendLine(c, $"    {n,9}  {reason}");
        }

        if (Failure is not null)
        {
            text.AppendLine(c, $"  FAILURE ({Failure.Kind}) at input #{Failure.Index} ({Failure.Origin}): {Failure.Message}");
            text.AppendLine(c, $"  input saved to {Failure.SavedTo}");
        }

        return text.ToString();
    }

    /// <summary>
    /// A rejection reason with its values replaced by placeholders: quoted text by <c>"…"</c> or <c>'…'</c>, words with a
    /// digit by <c>#</c>, and cut at 110 characters, so that one reason with many values counts as one.
    /// </summary>
    /// <param name="reason">The component's message.</param>
    /// <returns>The key.</returns>
    public static string ReasonKey(string reason)
    {
        var key = new StringBuilder(Math.Min(reason.Length, 128));
        for (var i = 0; i < reason.Length && key.Length < 110; i++)
        {
            var ch = reason[i];
            if (ch is '"' or '\'')
            {
                var close = reason.IndexOf(ch, i + 1);
                if (close > i)
                {
                    key.Append(ch).Append('…').Append(ch);
                    i = close;
                    continue;
                }
            }

            if (char.IsAsciiLetterOrDigit(ch))
            {
                // A word with a digit in it is a value (a number, a CRC, a pollutant code): one placeholder.
                var end = i;
                while (end + 1 < reason.Length && char.IsAsciiLetterOrDigit(reason[end + 1]))
                {
                    end++;
                }

                var word = reason.AsSpan(i, end - i + 1);
                if (word.ContainsAnyInRange('0', '9'))
                {
                    key.Append('#');
                }
                else
                {
                    key.Append(word);
                }

                i = end;
                continue;
            }

            key.Append(char.IsControl(ch) ? '?' : ch);
        }

        return key.ToString();
    }
}
