namespace EmissionEdge.Server.Status;

/// <summary>A unit at a glance (<c>GET /api/units</c>).</summary>
/// <param name="Id">Unit id.</param>
/// <param name="Plant">Plant id.</param>
/// <param name="Class"><c>existing</c> or <c>new</c>.</param>
/// <param name="O2Reference">Reference O2, %.</param>
/// <param name="Limits">Hourly limits in force today (China time), mg/m3, by pollutant.</param>
/// <param name="CoalLimit">Net coal consumption limit, gce/kWh.</param>
/// <param name="State">One of <c>exceeding</c>, <c>invalid</c>, <c>no-data</c>, <c>coal-over-limit</c>, <c>compliant</c> (in that priority).</param>
/// <param name="StateText">The state in words for people, naming pollutant, value and hour.</param>
/// <param name="JudgedHour">The last full hour, which the state judges, or <see langword="null"/> when it has no data.</param>
/// <param name="CoalMonth">Net coal consumption of the China-local month to date.</param>
/// <param name="OpenAlerts">Open alerts (not ended, not withdrawn).</param>
/// <param name="Gateways">Gateway ids of the unit.</param>
/// <param name="LastMinuteUtc">Newest minute stored.</param>
/// <param name="AsOfUtc">The server time the state refers to.</param>
public sealed record UnitView(
    string Id, string Plant, string Class, double O2Reference, IReadOnlyDictionary<string, decimal> Limits, decimal CoalLimit,
    string State, string StateText, HourView? JudgedHour, CoalMonthView? CoalMonth, int OpenAlerts, IReadOnlyList<string> Gateways,
    DateTime? LastMinuteUtc, DateTime AsOfUtc);

/// <summary>One unit-hour (<c>GET /api/units/{id}/hours</c>, live <c>hour</c> events).</summary>
/// <param name="Unit">Unit id.</param>
/// <param name="StartUtc">UTC start.</param>
/// <param name="LocalStart">Start in China Standard Time.</param>
/// <param name="Closed">Whether the hour is closed (its grace period for late minutes passed).</param>
/// <param name="Revision">How often late data changed it after closing.</param>
/// <param name="MinutesReceived">Distinct minutes received.</param>
/// <param name="Pollutants">Per pollutant (<c>Dust</c>, <c>SO2</c>, <c>NOx</c>), measured ones only.</param>
/// <param name="Coal">Coal and energy sums.</param>
public sealed record HourView(string Unit, DateTime StartUtc, string LocalStart, bool Closed, int Revision, int MinutesReceived,
    IReadOnlyDictionary<string, PollutantHourView> Pollutants, CoalHourView Coal);

/// <summary>One pollutant of one hour.</summary>
/// <param name="Valid">At least 45 valid minutes.</param>
/// <param name="ValidMinutes">Valid minutes.</param>
/// <param name="Flag">HJ 212 flag of the hour.</param>
/// <param name="FlagText">The flag in words.</param>
/// <param name="Average">Dry standard average, mg/m3.</param>
/// <param name="CorrectedAverage">Average corrected to reference O2, mg/m3: the value judged.</param>
/// <param name="Limit">Limit, mg/m3.</param>
/// <param name="Exceeds">Valid and above the limit.</param>
public sealed record PollutantHourView(bool Valid, int ValidMinutes, string Flag, string FlagText, decimal? Average, decimal? CorrectedAverage, decimal Limit, bool Exceeds);

/// <summary>Coal and energy of one hour.</summary>
/// <param name="RawCoalTonnes">Raw coal, t.</param>
/// <param name="StandardCoalTonnes">Standard coal, t (unknown without LHV).</param>
/// <param name="GrossKwh">Gross generation, kWh.</param>
/// <param name="AuxKwh">Auxiliary consumption, kWh.</param>
public sealed record CoalHourView(double RawCoalTonnes, double? StandardCoalTonnes, double GrossKwh, double AuxKwh);

/// <summary>Net coal consumption of a month to date.</summary>
/// <param name="Period">The month, <c>2026-11</c>.</param>
/// <param name="NetGcePerKwh">Σ standard coal × 1e6 / Σ net kWh, gce/kWh.</param>
/// <param name="Limit">The unit's limit.</param>
/// <param name="Exceeds">Whether the rate so far fails the limit (the rate must stay below it).</param>
/// <param name="Hours">Hours with coal or power data.</param>
/// <param name="HoursWithoutLhv">Hours without a known coal heating value.</param>
/// <param name="StandardCoalTonnes">Standard coal, t.</param>
/// <param name="NetKwh">Net energy, kWh.</param>
public sealed record CoalMonthView(string Period, decimal? NetGcePerKwh, decimal Limit, bool Exceeds, int Hours, int HoursWithoutLhv, double StandardCoalTonnes, double NetKwh);

/// <summary>One stored minute (<c>GET /api/units/{id}/minutes</c>, live <c>minute</c> events).</summary>
/// <param name="Unit">Unit id.</param>
/// <param name="MinuteUtc">UTC start of the minute.</param>
/// <param name="Device">The gateway.</param>
/// <param name="Seq">Its sequence number.</param>
/// <param name="Pollutants">Per measured pollutant.</param>
/// <param name="O2">O2 as measured, %.</param>
public sealed record MinuteView(string Unit, DateTime MinuteUtc, string Device, long Seq, IReadOnlyDictionary<string, MinutePollutantView> Pollutants, double? O2);

/// <summary>One pollutant of one minute, standardized by the compliance engine.</summary>
/// <param name="Value">Dry standard concentration, mg/m3 (null when the minute does not count).</param>
/// <param name="Corrected">Corrected to reference O2, mg/m3.</param>
/// <param name="Flag">HJ 212 flag.</param>
/// <param name="Counts">Whether the minute counts toward the hour.</param>
public sealed record MinutePollutantView(double? Value, double? Corrected, string Flag, bool Counts);

/// <summary>An alert with its acknowledgement (<c>GET /api/alerts</c>, live <c>alert</c> events).</summary>
/// <param name="AlertId">Stable id.</param>
/// <param name="Version">Version.</param>
/// <param name="Status"><c>raised</c>, <c>updated</c>, <c>closed</c> or <c>withdrawn</c>.</param>
/// <param name="Unit">Unit.</param>
/// <param name="Kind"><c>exceedance</c>, <c>data-gap</c>, <c>coal</c>, <c>mac-chain-broken</c>.</param>
/// <param name="Pollutant">Pollutant or null.</param>
/// <param name="StartUtc">Start.</param>
/// <param name="EndUtc">End, null while open.</param>
/// <param name="Peak">Highest corrected hourly average or monthly rate.</param>
/// <param name="Count">Hours (or months) in the condition.</param>
/// <param name="Detail">Text.</param>
/// <param name="UpdatedUtc">When this version was made.</param>
/// <param name="Open">Not ended and not withdrawn.</param>
/// <param name="Acknowledgement">The latest acknowledgement, or null.</param>
public sealed record AlertView(string AlertId, int Version, string Status, string Unit, string Kind, string? Pollutant, DateTime StartUtc,
    DateTime? EndUtc, decimal? Peak, int Count, string? Detail, DateTime UpdatedUtc, bool Open, AcknowledgementView? Acknowledgement);

/// <summary>An acknowledgement.</summary>
/// <param name="Version">The alert version acknowledged.</param>
/// <param name="By">Who.</param>
/// <param name="AtUtc">When.</param>
/// <param name="Note">Text.</param>
public sealed record AcknowledgementView(int Version, string By, DateTime AtUtc, string? Note);

/// <summary>A gateway's health (<c>GET /api/gateways</c>).</summary>
/// <param name="Id">Device id.</param>
/// <param name="Unit">Unit.</param>
/// <param name="State"><c>online</c> (heard from within 3 minutes), <c>late</c> (within 15), <c>offline</c>, <c>never-seen</c>.</param>
/// <param name="LastSeenUtc">Newest message.</param>
/// <param name="LastSeq">Highest seq.</param>
/// <param name="LastMinuteUtc">Newest minute.</param>
/// <param name="Backlog">Journal records still to send, as reported.</param>
/// <param name="ClockSkewSeconds">Delivery lag of the newest live record, s.</param>
/// <param name="Firmware">Firmware version, as reported.</param>
/// <param name="Accepted">Records stored.</param>
/// <param name="Duplicates">Replays absorbed.</param>
/// <param name="Rejected">Records dead-lettered.</param>
public sealed record GatewayView(string Id, string Unit, string State, DateTime? LastSeenUtc, long? LastSeq, DateTime? LastMinuteUtc,
    int? Backlog, double? ClockSkewSeconds, string? Firmware, long Accepted, long Duplicates, long Rejected);
