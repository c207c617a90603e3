namespace Koordinering.Domain;

/// <summary>A service the person has or needs: its kind, a category (e.g. "home_nursing", "kindergarten") and the provider.</summary>
/// <param name="Provider">Who delivers it, where the applicant knows; the caseworker can fill it in later.</param>
public sealed record ServiceNeed(ServiceKind Kind, string Category, string? Provider);
