namespace Koordinering.ServiceDefaults.Security.Folkeregisteret;

/// <summary>
/// Skatteetaten's Folkeregisteret API for public bodies with a legal basis (section
/// <c>PopulationRegister:Folkeregisteret</c>): the base address, the Maskinporten scope and how long answers are kept.
/// </summary>
public sealed class FolkeregisteretOptions
{
    public const string Section = "PopulationRegister:Folkeregisteret";

    /// <summary>E.g. <c>https://folkeregisteret.api.skatteetaten.no/</c>; empty: the local file register.</summary>
    public string BaseUrl { get; set; } = "";

    public string Scope { get; set; } = "folkeregister:deling/offentligmedhjemmel";

    public TimeSpan CacheFor { get; set; } = TimeSpan.FromMinutes(5);
}
