namespace EmissionEdge.Gateway.Core.Modbus
{
    /// <summary>Outcome of one Modbus transaction (after retries).</summary>
    public enum ModbusStatus
    {
        /// <summary>A valid answer was received.</summary>
        Ok = 0,
        /// <summary>No (complete) answer within the timeout.</summary>
        Timeout = 1,
        /// <summary>An answer arrived with a wrong CRC.</summary>
        CrcError = 2,
        /// <summary>The slave answered with an exception response (see <see cref="ModbusRtuMaster.LastExceptionCode"/>).</summary>
        Exception = 3,
        /// <summary>An answer arrived that does not fit the request (wrong slave, function, length or echo).</summary>
        BadResponse = 4,
    }

    /// <summary>Messages for <see cref="ModbusStatus"/> values and exception codes (enum names are not available on nanoFramework).</summary>
    public static class ModbusStatusText
    {
        /// <summary>Describes a status.</summary>
        /// <param name="status">The status.</param>
        /// <param name="exceptionCode">The exception code when <paramref name="status"/> is <see cref="ModbusStatus.Exception"/>.</param>
        /// <returns>A short sentence.</returns>
        public static string Describe(ModbusStatus status, byte exceptionCode)
        {
            switch (status)
            {
                case ModbusStatus.Ok: return "ok";
                case ModbusStatus.Timeout: return "no answer (timeout)";
                case ModbusStatus.CrcError: return "answer with a wrong CRC";
                case ModbusStatus.BadResponse: return "answer that does not match the request";
                default: return "exception " + exceptionCode.ToString() + " (" + ExceptionName(exceptionCode) + ")";
            }
        }

        /// <summary>The name of a standard Modbus exception code.</summary>
        /// <param name="code">1–11.</param>
        /// <returns>For example <c>illegal data address</c>.</returns>
        public static string ExceptionName(byte code)
        {
            switch (code)
            {
                case 1: return "illegal function";
                case 2: return "illegal data address";
                case 3: return "illegal data value";
                case 4: return "slave device failure";
                case 5: return "acknowledge";
                case 6: return "slave device busy";
                case 8: return "memory parity error";
                case 10: return "gateway path unavailable";
                case 11: return "gateway target failed to respond";
                default: return "unknown exception";
            }
        }
    }
}
