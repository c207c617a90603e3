namespace Koordinering.Notification.Contacts;

/// <summary>KRR's Oppslagstjenesten REST (section <c>ContactRegister</c>): base URL, Maskinporten scopes and how long answers are kept in memory.</summary>
public sealed class KrrOptions
{
    public const string Section = "ContactRegister";

    public string BaseUrl { get; set; } = "";

    /// <summary>Contact details and digital mailbox address; reservation status always comes.</summary>
    public string Scope { get; set; } = "krr:global/kontaktinformasjon.read krr:global/digitalpost.read";

    public TimeSpan CacheFor { get; set; } = TimeSpan.FromMinutes(5);
}
