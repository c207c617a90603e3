using PdfSharp.Fonts;

namespace Koordinering.Notification.Letters;

/// <summary>
/// Resolves every face the letters use to the DejaVu Sans files embedded in this assembly, so a letter
/// renders the same in the chiseled image, which has no system fonts.
/// </summary>
public sealed class LetterFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular);

    public byte[] GetFont(string faceName)
    {
        using var stream = typeof(LetterFontResolver).Assembly.GetManifestResourceStream(
            $"Koordinering.Notification.Letters.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"No embedded font {faceName}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
