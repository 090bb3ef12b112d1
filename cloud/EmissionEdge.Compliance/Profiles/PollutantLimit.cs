using EmissionEdge.Compliance.Model;

namespace EmissionEdge.Compliance.Profiles;

/// <summary>
/// An hourly emission limit of one pollutant (mg/m3, dry, standard state, at the unit's reference O2),
/// in force from the start of a China-local day until a later entry for the same pollutant takes over.
/// </summary>
/// <param name="Pollutant">The pollutant.</param>
/// <param name="Value">The limit; a reported value equal to it passes ("不高于").</param>
/// <param name="From">The China-local date from whose 00:00 (+08:00) the limit applies.</param>
public sealed record PollutantLimit(Pollutant Pollutant, decimal Value, DateOnly From);
