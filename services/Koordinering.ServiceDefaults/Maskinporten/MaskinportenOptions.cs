namespace Koordinering.ServiceDefaults.Maskinporten;

/// <summary>
/// The municipality's Maskinporten client (section <c>Maskinporten</c>): the issuer (the grant's audience,
/// e.g. <c>https://maskinporten.no/</c>), the token endpoint, the client id, and the business certificate's
/// private key as a PEM file (mounted from a Secret). With <see cref="CertificatePath"/> the grant carries
/// the certificate (<c>x5c</c>); with <see cref="KeyId"/> it names a key registered on the client (<c>kid</c>).
/// </summary>
public sealed class MaskinportenOptions
{
    public const string Section = "Maskinporten";

    public string Issuer { get; set; } = "";
    public string TokenEndpoint { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string KeyPath { get; set; } = "";
    public string? CertificatePath { get; set; }
    public string? KeyId { get; set; }

    /// <summary>How long a grant is valid; Maskinporten accepts at most 120 seconds.</summary>
    public TimeSpan GrantLifetime { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How long before its expiry a cached access token is renewed.</summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(TokenEndpoint) && !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(KeyPath);
}
