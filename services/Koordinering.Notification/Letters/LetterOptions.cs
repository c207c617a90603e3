namespace Koordinering.Notification.Letters;

/// <summary>
/// The letters' configuration (<c>Letters</c>): each municipality's letterhead by municipality number, and an optional
/// commercial PDFsharp licence key (a secret; without it the AGPL licence is loaded).
/// </summary>
public sealed class LetterOptions
{
    public const string Section = "Letters";
    public Dictionary<string, Letterhead> Letterheads { get; set; } = [];
    public string? PdfSharpLicenseKey { get; set; }

    /// <summary>The municipality's letterhead; one naming only the municipality number where none is configured.</summary>
    public Letterhead LetterheadFor(string municipalityNumber) =>
        Letterheads.TryGetValue(municipalityNumber, out var letterhead) ? letterhead : new Letterhead($"Kommune {municipalityNumber}", "", "");
}
