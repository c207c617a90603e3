namespace Koordinering.Notification.Letters;

/// <summary>One line of a letter's body as laid out: a heading, a line of text, or a blank line between paragraphs.</summary>
public sealed record LetterBlock(string Text, bool Heading);
