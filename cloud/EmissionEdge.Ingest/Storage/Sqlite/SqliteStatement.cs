using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace EmissionEdge.Ingest.Storage.Sqlite;

/// <summary>
/// One prepared statement driven straight through SQLitePCLRaw (the native layer under Microsoft.Data.Sqlite), for the
/// store's hot paths: parameters are bound by position (1-based) and columns read by position (0-based), with no
/// per-execution parameter-name lookups, reader objects or boxing. It runs inside whatever transaction the connection
/// has open. Not thread-safe: the store serializes its use.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    /// <summary>Prepares <paramref name="sql"/> on <paramref name="connection"/> (which must be open).</summary>
    /// <param name="connection">The open connection.</param>
    /// <param name="sql">One SQL statement with positional parameters (<c>?1</c>, <c>?2</c>, …).</param>
    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Check(raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement));
    }

    /// <summary>Binds a text parameter (UTF-8).</summary>
    /// <param name="index">1-based parameter index.</param>
    /// <param name="value">The value.</param>
    public void Bind(int index, string value) => Check(raw.sqlite3_bind_text(_statement, index, value));

    /// <summary>Binds an integer parameter.</summary>
    /// <param name="index">1-based parameter index.</param>
    /// <param name="value">The value.</param>
    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>Binds a blob parameter, or NULL when <paramref name="value"/> is <see langword="null"/>.</summary>
    /// <param name="index">1-based parameter index.</param>
    /// <param name="value">The value.</param>
    public void Bind(int index, byte[]? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Binds a real parameter.</summary>
    /// <param name="index">1-based parameter index.</param>
    /// <param name="value">The value.</param>
    public void Bind(int index, double value) => Check(raw.sqlite3_bind_double(_statement, index, value));

    /// <summary>Binds <paramref name="values"/> to parameters 1, 2, … by their runtime type (NULL for <see langword="null"/>).</summary>
    /// <param name="values">Strings, integers, reals or byte arrays.</param>
    /// <exception cref="ArgumentException">A value of another type.</exception>
    public void BindAll(object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var index = i + 1;
            switch (values[i])
            {
                case null:
                    Check(raw.sqlite3_bind_null(_statement, index));
                    break;
                case string text:
                    Bind(index, text);
                    break;
                case long integer:
                    Bind(index, integer);
                    break;
                case int integer:
                    Bind(index, integer);
                    break;
                case double real:
                    Bind(index, real);
                    break;
                case byte[] blob:
                    Bind(index, blob);
                    break;
                default:
                    throw new ArgumentException($"parameter {index}: cannot bind a {values[i]!.GetType().Name}", nameof(values));
            }
        }
    }

    /// <summary>Runs the statement to its next row.</summary>
    /// <returns><see langword="true"/> when a row is available, <see langword="false"/> when the statement is done.</returns>
    /// <exception cref="SqliteException">SQLite reported an error (the statement is reset).</exception>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            raw.sqlite3_reset(_statement);
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        return false;
    }

    /// <summary>Rows inserted, updated or deleted by the last completed statement of the connection.</summary>
    public int Changes => raw.sqlite3_changes(_db);

    /// <summary>Makes the statement ready to run again (bindings are kept until rebound).</summary>
    public void Reset() => raw.sqlite3_reset(_statement);

    /// <summary>Reads an integer column of the current row.</summary>
    /// <param name="column">0-based column index.</param>
    /// <returns>The value.</returns>
    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    /// <summary>Reads a real column of the current row.</summary>
    /// <param name="column">0-based column index.</param>
    /// <returns>The value.</returns>
    public double Double(int column) => raw.sqlite3_column_double(_statement, column);

    /// <summary>Whether a column of the current row is NULL.</summary>
    /// <param name="column">0-based column index.</param>
    /// <returns><see langword="true"/> for NULL.</returns>
    public bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    /// <summary>Reads a nullable text column of the current row.</summary>
    /// <param name="column">0-based column index.</param>
    /// <returns>The value, or <see langword="null"/> for NULL.</returns>
    public string? TextOrNull(int column) => IsNull(column) ? null : Text(column);

    /// <summary>Reads a text column of the current row.</summary>
    /// <param name="column">0-based column index.</param>
    /// <returns>The value.</returns>
    public string Text(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string();

    /// <summary>Reads a blob column of the current row; valid until the next step or reset.</summary>
    /// <param name="column">0-based column index.</param>
    /// <returns>The bytes (empty for NULL).</returns>
    public ReadOnlySpan<byte> Blob(int column) => raw.sqlite3_column_blob(_statement, column);

    /// <summary>Reads a nullable blob column of the current row into a new array.</summary>
    /// <param name="column">0-based column index.</param>
    /// <returns>The bytes, or <see langword="null"/> for NULL.</returns>
    public byte[]? BlobOrNull(int column) =>
        IsNull(column) ? null : raw.sqlite3_column_blob(_statement, column).ToArray();

    /// <inheritdoc />
    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
