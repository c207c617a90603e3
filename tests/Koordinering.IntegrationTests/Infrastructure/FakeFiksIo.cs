using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Koordinering.IntegrationTests.Infrastructure;

/// <summary>
/// KS Fiks IO on loopback, as KS's send client uses it: the catalogue answers the archive account's public certificate
/// (<c>GET /fiks-io/katalog/api/v1/kontoer/{id}/offentligNokkel</c>), the send endpoint (<c>POST /fiks-io/api/v1/send</c>)
/// takes a multipart with <c>metadata</c> and <c>data</c> and answers 202, or 503 while <see cref="Unavailable"/> counts
/// down. It holds the account's private key: <see cref="AcceptedAsync"/> decrypts each accepted payload and unzips it.
/// </summary>
public sealed class FakeFiksIo : IAsyncDisposable
{
    public const string SendPath = "/fiks-io/api/v1/send";
    private readonly X509Certificate2 _account;
    private int _unavailable;

    /// <summary>A send as the archive account would get it: the metadata, the headers, and the container's files.</summary>
    public sealed record Message(JsonElement Metadata, IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, byte[]> Files);

    public FakeHttpServer Server { get; } = new();
    public Guid RecipientAccountId { get; } = Guid.NewGuid();
    public Guid AccountId { get; } = Guid.NewGuid();
    public Guid IntegrationId { get; } = Guid.NewGuid();
    public string Password { get; } = "integration-" + Guid.NewGuid().ToString("N");
    public ConcurrentQueue<FakeHttpServer.Request> Accepted { get; } = new();

    /// <summary>The next this many sends are answered 503 Service Unavailable.</summary>
    public int Unavailable { get => _unavailable; set => _unavailable = value; }

    public FakeFiksIo()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Fiks Arkiv test account", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        _account = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        Server.Respond = Answer;
    }

    public string BaseUrl => Server.BaseAddress;

    private FakeHttpServer.Reply Answer(FakeHttpServer.Request request)
    {
        if (request.Path == $"/fiks-io/katalog/api/v1/kontoer/{RecipientAccountId:D}/offentligNokkel")
        {
            return new(HttpStatusCode.OK, JsonSerializer.Serialize(new { nokkel = _account.ExportCertificatePem() }));
        }
        if (request.Path != SendPath)
        {
            return new(HttpStatusCode.NotFound);
        }
        if (Interlocked.Decrement(ref _unavailable) >= 0)
        {
            return new(HttpStatusCode.ServiceUnavailable);
        }
        Interlocked.Exchange(ref _unavailable, 0);
        if (request.Headers?.GetValueOrDefault("integrasjonId") != IntegrationId.ToString("D") || request.Headers?.GetValueOrDefault("integrasjonPassord") != Password
            || request.Authorization?.StartsWith("Bearer ", StringComparison.Ordinal) != true)
        {
            return new(HttpStatusCode.Unauthorized);
        }
        Accepted.Enqueue(request);
        return new(HttpStatusCode.Accepted, JsonSerializer.Serialize(new { meldingId = Guid.NewGuid() }));
    }

    /// <summary>Every accepted send, its payload decrypted with the account's private key and unzipped.</summary>
    public async Task<List<Message>> AcceptedAsync()
    {
        var messages = new List<Message>();
        foreach (var request in Accepted)
        {
            var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value!;
            var reader = new MultipartReader(boundary, new MemoryStream(request.Raw!));
            JsonElement? metadata = null;
            byte[]? payload = null;
            while (await reader.ReadNextSectionAsync() is { } section)
            {
                var name = ContentDispositionHeaderValue.Parse(section.ContentDisposition).Name.Value;
                using var buffer = new MemoryStream();
                await section.Body.CopyToAsync(buffer);
                if (name == "metadata")
                {
                    Assert.StartsWith("application/json", section.ContentType, StringComparison.Ordinal);
                    metadata = JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
                }
                else if (name == "data")
                {
                    payload = buffer.ToArray();
                }
            }
            Assert.NotNull(metadata);
            Assert.NotNull(payload);
            var cms = new EnvelopedCms();
            cms.Decode(payload);
            Assert.Equal("2.16.840.1.101.3.4.1.42", cms.ContentEncryptionAlgorithm.Oid.Value);
            cms.Decrypt(new X509Certificate2Collection(_account));
            using var zip = new ZipArchive(new MemoryStream(cms.ContentInfo.Content), ZipArchiveMode.Read);
            Assert.Equal("mimetype", zip.Entries[0].FullName);
            var files = new Dictionary<string, byte[]>();
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                using var content = new MemoryStream();
                await stream.CopyToAsync(content);
                files[entry.FullName] = content.ToArray();
            }
            Assert.Equal("application/vnd.etsi.asic-e+zip", Encoding.ASCII.GetString(files["mimetype"]));
            messages.Add(new Message(metadata.Value, request.Headers!, files));
        }
        return messages;
    }

    /// <summary>The configuration keys the Notification service needs to send its archive through this fake.</summary>
    public IEnumerable<KeyValuePair<string, string>> Settings(string passwordFile) =>
    [
        new("Archive:FiksIo:BaseUrl", BaseUrl),
        new("Archive:FiksIo:AccountId", AccountId.ToString()),
        new("Archive:FiksIo:RecipientAccountId", RecipientAccountId.ToString()),
        new("Archive:FiksIo:IntegrationId", IntegrationId.ToString()),
        new("Archive:FiksIo:IntegrationPasswordFile", passwordFile),
    ];

    public async ValueTask DisposeAsync()
    {
        _account.Dispose();
        await Server.DisposeAsync();
    }
}
