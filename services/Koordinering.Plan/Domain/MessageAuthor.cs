using Koordinering.Domain;

namespace Koordinering.Plan.Domain;

/// <summary>
/// Who wrote or read a message. <see cref="Key"/> tells readers apart (a citizen by identity number, an employee by
/// organisation and id) and is never shown or logged; <see cref="Id"/> and <see cref="Organisation"/> are shown, and
/// are empty for citizens.
/// </summary>
public sealed record MessageAuthor(MessageAuthorKind Kind, string Key, string? Id, string? Organisation);
