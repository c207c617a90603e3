namespace Koordinering.Notification.Archive;

/// <summary>
/// The Fiks IO adapter for the archive (<c>Archive:FiksIo</c>): where Fiks IO is (its send path and catalogue path as KS's
/// client has them), the municipality's sending account (avsender konto) and the archive's account (mottaker konto), the
/// integration's id and password (the password from a mounted file, read on every send, or from an environment variable),
/// the Maskinporten scope of the token, and the message's time to live. Set <see cref="BaseUrl"/> to use it.
/// </summary>
public sealed class FiksIoOptions
{
    public const string Section = "Archive:FiksIo";

    /// <summary>e.g. <c>https://api.fiks.ks.no/</c> (test: <c>https://api.fiks.test.ks.no/</c>).</summary>
    public string? BaseUrl { get; set; }
    public string SendPath { get; set; } = "/fiks-io/api/v1/send";
    public string CatalogPath { get; set; } = "/fiks-io/katalog/api/v1";
    public Guid AccountId { get; set; }
    public Guid RecipientAccountId { get; set; }
    public Guid IntegrationId { get; set; }
    public string? IntegrationPassword { get; set; }
    public string? IntegrationPasswordFile { get; set; }
    public string Scope { get; set; } = "ks:fiks";

    /// <summary>How long Fiks IO keeps the message for the archive before it expires.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromDays(2);

    /// <summary>One send's timeout; a failed send is tried again by the dispatcher with its back-off, not here.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    public void Validate()
    {
        if (AccountId == Guid.Empty || RecipientAccountId == Guid.Empty || IntegrationId == Guid.Empty)
        {
            throw new InvalidOperationException("Archive:FiksIo needs AccountId, RecipientAccountId and IntegrationId when BaseUrl is set.");
        }
        if (string.IsNullOrWhiteSpace(IntegrationPasswordFile) && string.IsNullOrEmpty(IntegrationPassword))
        {
            throw new InvalidOperationException("Archive:FiksIo needs IntegrationPasswordFile or IntegrationPassword when BaseUrl is set.");
        }
    }

    public string ResolvePassword() =>
        !string.IsNullOrWhiteSpace(IntegrationPasswordFile) ? File.ReadAllText(IntegrationPasswordFile).Trim() : IntegrationPassword!;
}
