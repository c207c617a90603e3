using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Koordinering.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP forwarder on loopback standing in for the way from a service to its database: closing it
/// refuses new connections and cuts the open ones, as a stopped database does, without stopping
/// the PostgreSQL every other test uses; opening it again lets connections through on the same port.
/// </summary>
public sealed class TcpGate : IAsyncDisposable
{
    private readonly string _host;
    private readonly int _port;
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    public TcpGate(string host, int port)
    {
        _host = host;
        _port = port;
        Port = TestPorts.Next();
        Open();
    }

    public int Port { get; }

    /// <summary>A gate in front of the database of this connection string.</summary>
    public static TcpGate For(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        return new TcpGate(csb.Host!, csb.Port);
    }

    /// <summary>The same connection string, through the gate.</summary>
    public string Through(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = Port }.ConnectionString;

    public void Open()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _accepting = AcceptAsync(listener);
    }

    /// <summary>Refuses new connections and cuts every open one.</summary>
    public async Task CloseAsync()
    {
        _listener?.Stop();
        _listener = null;
        await _accepting;
        foreach (var client in _open.Keys)
        {
            try
            {
                client.Client?.Close(0); // cut, not a polite goodbye
            }
            catch (ObjectDisposedException)
            {
                // Already gone.
            }
        }
        _open.Clear();
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = PipeAsync(inbound);
        }
    }

    private async Task PipeAsync(TcpClient inbound)
    {
        using var outbound = new TcpClient();
        _open[inbound] = 0;
        _open[outbound] = 0;
        try
        {
            await outbound.ConnectAsync(_host, _port);
            using var a = inbound.GetStream();
            using var b = outbound.GetStream();
            await Task.WhenAny(a.CopyToAsync(b), b.CopyToAsync(a));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Cut by CloseAsync, or by either end.
        }
        finally
        {
            _open.TryRemove(inbound, out _);
            _open.TryRemove(outbound, out _);
            inbound.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await CloseAsync();
}
