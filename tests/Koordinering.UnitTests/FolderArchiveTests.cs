using System.Xml.Linq;
using Koordinering.Notification.Archive;

namespace Koordinering.UnitTests;

/// <summary>The local archive writes one folder per document key, whole, and a resend of the same key writes nothing twice.</summary>
public sealed class FolderArchiveTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"archive-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);
    }

    private static ArchiveMessage Message(string key, string body) => new(
        key,
        new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement(Arkivmelding.Ns + "arkivmelding", body)),
        [new ArchiveDocument("vedtak.html", "HTML", "text/html", "<p>Vedtak</p>"u8.ToArray())]);

    [Fact]
    public async Task A_message_becomes_one_folder_with_the_arkivmelding_and_its_documents()
    {
        var archive = new FolderArchive(root);
        await archive.SendAsync(Message("decision:1", "first"), TestContext.Current.CancellationToken);

        var folder = Assert.Single(Directory.GetDirectories(root));
        Assert.Equal(archive.FolderFor("decision:1"), folder);
        Assert.Contains("first", await File.ReadAllTextAsync(Path.Combine(folder, "arkivmelding.xml"), TestContext.Current.CancellationToken));
        Assert.Equal("<p>Vedtak</p>"u8.ToArray(), await File.ReadAllBytesAsync(Path.Combine(folder, "vedtak.html"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_resend_of_the_same_document_key_archives_nothing_twice()
    {
        var archive = new FolderArchive(root);
        await archive.SendAsync(Message("decision:1", "first"), TestContext.Current.CancellationToken);
        await archive.SendAsync(Message("decision:1", "second"), TestContext.Current.CancellationToken);
        await archive.SendAsync(Message("letter:2", "other"), TestContext.Current.CancellationToken);

        Assert.Equal(2, Directory.GetDirectories(root).Length);
        Assert.Contains("first", await File.ReadAllTextAsync(Path.Combine(archive.FolderFor("decision:1"), "arkivmelding.xml"), TestContext.Current.CancellationToken));
    }
}
