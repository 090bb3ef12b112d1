using Microsoft.Data.Sqlite;

namespace EmissionEdge.Server.Alerts;

/// <summary>A regulator's acknowledgement of an alert version.</summary>
/// <param name="AlertId">The alert.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Version">The alert version that was acknowledged (a later version is shown as changed since).</param>
/// <param name="By">Name of the API key holder.</param>
/// <param name="AtUtc">When.</param>
/// <param name="Note">Optional text.</param>
public sealed record Acknowledgement(string AlertId, string Unit, int Version, string By, DateTime AtUtc, string? Note);

/// <summary>
/// Keeps alert acknowledgements in their own table of the server's SQLite database (the ingest store does not know about
/// people). The latest acknowledgement of an alert replaces earlier ones.
/// </summary>
public sealed class AcknowledgementStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Opens (and creates) the table.</summary>
    /// <param name="databasePath">The SQLite file.</param>
    public AcknowledgementStore(string databasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        var builder = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 30 };
        _connection = new SqliteConnection(builder.ToString());
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = """
            PRAGMA busy_timeout = 30000;
            CREATE TABLE IF NOT EXISTS alert_acknowledgements (
                alert_id TEXT NOT NULL PRIMARY KEY, unit TEXT NOT NULL, version INTEGER NOT NULL, by_name TEXT NOT NULL,
                at INTEGER NOT NULL, note TEXT NULL);
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>Records an acknowledgement.</summary>
    /// <param name="acknowledgement">The acknowledgement.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task.</returns>
    public async Task SaveAsync(Acknowledgement acknowledgement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO alert_acknowledgements (alert_id, unit, version, by_name, at, note) VALUES ($id, $unit, $version, $by, $at, $note)";
            command.Parameters.AddWithValue("$id", acknowledgement.AlertId);
            command.Parameters.AddWithValue("$unit", acknowledgement.Unit);
            command.Parameters.AddWithValue("$version", acknowledgement.Version);
            command.Parameters.AddWithValue("$by", acknowledgement.By);
            command.Parameters.AddWithValue("$at", acknowledgement.AtUtc.Ticks);
            command.Parameters.AddWithValue("$note", (object?)acknowledgement.Note ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Gets the acknowledgements of some units' alerts, by alert id.</summary>
    /// <param name="units">The units.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The acknowledgements.</returns>
    public async Task<IReadOnlyDictionary<string, Acknowledgement>> GetAsync(IReadOnlyCollection<string> units, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(units);
        var result = new Dictionary<string, Acknowledgement>(StringComparer.Ordinal);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT alert_id, unit, version, by_name, at, note FROM alert_acknowledgements";
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var unit = reader.GetString(1);
                if (units.Contains(unit))
                {
                    result[reader.GetString(0)] = new Acknowledgement(reader.GetString(0), unit, reader.GetInt32(2), reader.GetString(3),
                        new DateTime(reader.GetInt64(4), DateTimeKind.Utc), reader.IsDBNull(5) ? null : reader.GetString(5));
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }
}
