namespace Koordinering.Notification.Letters;

/// <summary>The municipality's letterhead at the top of every letter: its name, postal address and organisation number.</summary>
public sealed record Letterhead(string MunicipalityName, string Address, string OrganizationNumber);
