using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Koordinering.Notification.Archive;

/// <summary>
/// The archive port over KS Fiks IO, to the municipality's Fiks Arkiv account: the message (arkivmelding and documents)
/// as an ASiC-E container, encrypted (CMS EnvelopedData, AES-256-CBC) to the archive account's public certificate from
/// the catalogue, posted multipart (<c>metadata</c> JSON, <c>data</c> the encrypted payload) to the send endpoint with a
/// Maskinporten token (through the client's handler) and the integration's id and password. An accepted send (2xx) counts
/// as archived; the receipt (kvittering) Fiks Arkiv sends back over AMQP is not handled (see the README). The message id
/// (<c>klientMeldingId</c>) is derived from the document key, so a resend of the same document carries the same id.
/// </summary>
public sealed class FiksIoArchive(HttpClient http, FiksIoCatalog catalog, IOptions<FiksIoOptions> options, TimeProvider time) : IArchive
{
    public const string ClientMessageIdHeader = "klientMeldingId";

    /// <summary>A stable UUID (version 8, from SHA-256) for a document key: the same document always gets the same message id.</summary>
    public static Guid MessageId(string documentKey)
    {
        Span<byte> bytes = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("koordinering-archive:" + documentKey), bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes[..16], bigEndian: true);
    }

    public async Task SendAsync(ArchiveMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var certificate = await catalog.CertificateAsync(settings.RecipientAccountId, cancellationToken);
        var payload = Encrypt(AsiceContainer.Build(message, time.GetUtcNow()), certificate);
        var id = MessageId(message.DocumentKey);
        var metadata = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["avsenderKontoId"] = settings.AccountId,
            ["mottakerKontoId"] = settings.RecipientAccountId,
            ["meldingType"] = Arkivmelding.MessageType,
            ["ttl"] = (long)settings.Ttl.TotalMilliseconds,
            ["klientMeldingID"] = id,
            ["headere"] = new Dictionary<string, string> { [ClientMessageIdHeader] = id.ToString("D") },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.SendPath.TrimStart('/'));
        request.Headers.Add("integrasjonId", settings.IntegrationId.ToString("D"));
        request.Headers.Add("integrasjonPassord", settings.ResolvePassword());
        var json = new StringContent(metadata, Encoding.UTF8);
        json.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var data = new ByteArrayContent(payload);
        data.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content = new MultipartFormDataContent { { json, "metadata" }, { data, "data", $"{id:D}.asice.cms" } };
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new FiksIoException("send", response.StatusCode);
        }
    }

    private static byte[] Encrypt(byte[] container, System.Security.Cryptography.X509Certificates.X509Certificate2 recipient)
    {
        var cms = new EnvelopedCms(new ContentInfo(container), new AlgorithmIdentifier(new Oid("2.16.840.1.101.3.4.1.42")));
        cms.Encrypt(new CmsRecipient(SubjectIdentifierType.IssuerAndSerialNumber, recipient));
        return cms.Encode();
    }
}
