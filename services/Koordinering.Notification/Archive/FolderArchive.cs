using System.Security.Cryptography;
using System.Text;

namespace Koordinering.Notification.Archive;

/// <summary>
/// The local archive: one folder per message (arkivmelding.xml and the documents), as Fiks Arkiv would receive them.
/// The folder is named from the document key and appears whole (written aside, then moved), so a resend finds it and writes nothing twice.
/// </summary>
public sealed class FolderArchive(string root) : IArchive
{
    public string FolderFor(string documentKey) =>
        Path.Combine(root, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(documentKey)))[..32]);

    public async Task SendAsync(ArchiveMessage message, CancellationToken cancellationToken)
    {
        var folder = FolderFor(message.DocumentKey);
        if (Directory.Exists(folder))
            return;
        Directory.CreateDirectory(root);
        var aside = Path.Combine(root, $".{Guid.NewGuid():N}");
        Directory.CreateDirectory(aside);
        await File.WriteAllTextAsync(Path.Combine(aside, "arkivmelding.xml"), message.Arkivmelding.Declaration + "\n" + message.Arkivmelding.Root, Encoding.UTF8, cancellationToken);
        foreach (var document in message.Documents)
            await File.WriteAllBytesAsync(Path.Combine(aside, Path.GetFileName(document.FileName)), document.Content, cancellationToken);
        try
        {
            Directory.Move(aside, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            Directory.Delete(aside, recursive: true);
        }
    }
}
