using System.Net.Http.Json;
using System.Text;
using Koordinering.Notification.Domain;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Koordinering.Notification.Channels;

/// <summary>
/// One outbound message on one channel. <see cref="To"/> is an e-mail address, a mobile number, or the recipient's identity
/// number for mailbox and paper; a letter also names the municipality (its letterhead) and a postal address where known.
/// </summary>
public sealed record OutgoingMessage(Guid NoticeId, Channel Channel, string To, string Subject, string Body, string? MunicipalityNumber = null,
    PostalAddress? Address = null);

/// <summary>A failure that retrying will not mend (a refused address, a rejected request): the next channel is tried.</summary>
public sealed class PermanentDeliveryException(string message) : Exception(message);

public interface IChannelSender
{
    Channel Channel { get; }

    /// <summary>Sends the message; the answer is the channel's receipt (SvarUt's forsendelse id), or null where it gives none.</summary>
    Task<string?> SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

public sealed class NotificationOptions
{
    public const string Section = "Notification";
    public string PortalUrl { get; set; } = "https://innbygger.koordinering.example/meldinger";
    public string? LocalOutboxFolder { get; set; }
    public SmtpOptions Smtp { get; set; } = new();
    public string? SmsGatewayUrl { get; set; }

    /// <summary>The Maskinporten scope for the SMS gateway, where it takes Maskinporten tokens.</summary>
    public string? SmsGatewayScope { get; set; }

    /// <summary>The sender name an SMS shows (at most 11 characters).</summary>
    public string SmsSender { get; set; } = "Kommunen";
    public int MaxAttemptsPerChannel { get; set; } = 5;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    public string QuietFrom { get; set; } = "21:00";
    public string QuietTo { get; set; } = "08:00";
    public string TimeZone { get; set; } = "Europe/Oslo";

    /// <summary>The written standard per municipality, where the recipient's is not known; bokmål otherwise.</summary>
    public Dictionary<string, string> MunicipalityWrittenStandard { get; set; } = [];
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string From { get; set; } = "ikke-svar@koordinering.example";
    public bool UseTls { get; set; }
}

/// <summary>E-mail over SMTP (MailKit).</summary>
public sealed class SmtpEmailSender(IOptions<NotificationOptions> options) : IChannelSender
{
    public Channel Channel => Channel.Email;

    public async Task<string?> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(smtp.From));
        if (!MailboxAddress.TryParse(message.To, out var to))
        {
            throw new PermanentDeliveryException("The e-mail address is not valid.");
        }
        mime.To.Add(to);
        mime.Subject = message.Subject;
        mime.Body = new TextPart("plain") { Text = message.Body };
        mime.MessageId = $"{message.NoticeId:N}@koordinering";
        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host ?? "localhost", smtp.Port, smtp.UseTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
        try
        {
            await client.SendAsync(mime, cancellationToken);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
        {
            throw new PermanentDeliveryException($"The mail server refused the message ({(int)ex.StatusCode}).");
        }
        finally
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        return null;
    }
}

/// <summary>SMS through an HTTP gateway: <c>POST {to, text}</c>.</summary>
public sealed class HttpSmsSender(HttpClient http) : IChannelSender
{
    public Channel Channel => Channel.Sms;

    public async Task<string?> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri("", UriKind.Relative), new { to = message.To, text = message.Body, reference = message.NoticeId }, cancellationToken);
        ThrowFor(response);
        return null;
    }

    internal static void ThrowFor(HttpResponseMessage response)
    {
        if ((int)response.StatusCode is >= 400 and < 500)
        {
            throw new PermanentDeliveryException($"The gateway refused the message (HTTP {(int)response.StatusCode}).");
        }
        response.EnsureSuccessStatusCode();
    }
}

/// <summary>In tools/up every outbound message also lands as a readable file; <c>tools/outbox</c> lists and shows them.</summary>
public sealed class LocalOutbox(IOptions<NotificationOptions> options)
{
    public bool Enabled => !string.IsNullOrWhiteSpace(options.Value.LocalOutboxFolder);

    public async Task WriteAsync(OutgoingMessage message, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var folder = options.Value.LocalOutboxFolder!;
        Directory.CreateDirectory(folder);
        var name = $"{at:yyyyMMdd-HHmmss}-{message.Channel.ToString().ToLowerInvariant()}-{message.NoticeId:N}.txt";
        var text = string.Join('\n', $"Channel: {message.Channel}", $"To: {message.To}", $"Subject: {message.Subject}", $"Notice: {message.NoticeId}", "", message.Body);
        await File.WriteAllTextAsync(Path.Combine(folder, name), text, Encoding.UTF8, cancellationToken);
    }
}
