using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Koordinering.IntegrationTests.Infrastructure;

/// <summary>
/// A self-signed certificate for 127.0.0.1 (PEM files, as a cluster's Secret would mount them) for
/// the gateway endpoint: with TLS, one port speaks HTTP/1.1 and HTTP/2 (ALPN). Clients trust this
/// one certificate by its thumbprint, nothing else.
/// </summary>
public sealed class TestCertificate
{
    public static TestCertificate Shared { get; } = new();

    private TestCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        Thumbprint = certificate.Thumbprint;
        CertificateFile = Path.Combine(Path.GetTempPath(), $"koordinering-gateway-{Environment.ProcessId}.crt.pem");
        KeyFile = Path.Combine(Path.GetTempPath(), $"koordinering-gateway-{Environment.ProcessId}.key.pem");
        File.WriteAllText(CertificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(KeyFile, key.ExportPkcs8PrivateKeyPem());
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            File.Delete(CertificateFile);
            File.Delete(KeyFile);
        };
    }

    public string Thumbprint { get; }
    public string CertificateFile { get; }
    public string KeyFile { get; }

    /// <summary>A handler that trusts this certificate alone.</summary>
    public HttpClientHandler Handler() => new()
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == Thumbprint,
    };
}
