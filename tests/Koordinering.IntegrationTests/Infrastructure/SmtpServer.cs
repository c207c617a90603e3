using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Koordinering.IntegrationTests.Infrastructure;

/// <summary>
/// A real SMTP server: Debian's python3-aiosmtpd, started by the test, storing every message it
/// accepts in a maildir.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private readonly Process _process;

    public int Port { get; }
    public string Maildir { get; }

    private SmtpServer(Process process, int port, string maildir)
    {
        _process = process;
        Port = port;
        Maildir = maildir;
    }

    public static async Task<SmtpServer> StartAsync()
    {
        var port = TestPorts.Next();
        var maildir = Path.Combine(Path.GetTempPath(), $"koordinering-maildir-{Guid.NewGuid():N}");
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new ProcessStartInfo(python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start aiosmtpd.");
        var server = new SmtpServer(process, port, maildir);
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"aiosmtpd exited: {await process.StandardError.ReadToEndAsync()} (install Debian's python3-aiosmtpd)");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException("aiosmtpd did not start listening.");
    }

    /// <summary>The raw messages the server has accepted.</summary>
    public IReadOnlyList<string> Messages() =>
        Directory.Exists(Path.Combine(Maildir, "new"))
            ? Directory.GetFiles(Path.Combine(Maildir, "new")).Select(File.ReadAllText).ToList()
            : [];

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (Directory.Exists(Maildir))
        {
            Directory.Delete(Maildir, recursive: true);
        }
    }
}
