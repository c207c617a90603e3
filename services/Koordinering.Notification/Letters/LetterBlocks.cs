namespace Koordinering.Notification.Letters;

/// <summary>
/// Reads a rendered body into lines and headings: a paragraph's first line is a heading when more lines
/// follow it, it is short, it ends in no punctuation, and it is not the closing ("Med hilsen").
/// </summary>
public static class LetterBlocks
{
    private const int HeadingMaxLength = 60;

    public static IReadOnlyList<LetterBlock> Read(string body)
    {
        var paragraphs = body.Replace("\r\n", "\n", StringComparison.Ordinal).Trim()
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        var blocks = new List<LetterBlock>();
        for (var p = 0; p < paragraphs.Length; p++)
        {
            if (p > 0)
            {
                blocks.Add(new LetterBlock("", false));
            }
            var lines = paragraphs[p].Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                blocks.Add(new LetterBlock(lines[i].TrimEnd(), i == 0 && IsHeading(lines, p == paragraphs.Length - 1)));
            }
        }
        return blocks;
    }

    private static bool IsHeading(string[] lines, bool closing) =>
        !closing && lines.Length > 1 && lines[0].Length <= HeadingMaxLength
        && lines[0].TrimEnd() is { Length: > 0 } first && !".:;,!?".Contains(first[^1]);
}
