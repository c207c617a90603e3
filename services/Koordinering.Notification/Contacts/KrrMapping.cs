using Koordinering.Domain;
using Koordinering.Notification.Domain;

namespace Koordinering.Notification.Contacts;

/// <summary>
/// How a KRR person becomes the service's contact information. Not in the register (<c>IKKE_REGISTRERT</c>):
/// no information. Reserved when <c>reservasjon</c> is <c>JA</c>. Can be notified only when the person is
/// <c>AKTIV</c> and not <c>KAN_IKKE_VARSLES</c>. A deleted person (<c>SLETTET</c>) has no contact details.
/// </summary>
public static class KrrMapping
{
    public static ContactInfo? ToContactInfo(KrrPerson? person)
    {
        if (person is null || person.Status == "IKKE_REGISTRERT")
        {
            return null;
        }
        var active = person.Status == "AKTIV";
        return new ContactInfo(
            person.Reservasjon == "JA",
            active && person.Varslingsstatus != "KAN_IKKE_VARSLES",
            active ? Blank(person.Kontaktinformasjon?.Mobiltelefonnummer) : null,
            active ? Blank(person.Kontaktinformasjon?.Epostadresse) : null,
            active ? Blank(person.DigitalPost?.Postkasseadresse) : null,
            person.Spraak?.ToLowerInvariant() switch
            {
                "nn" => WrittenStandard.Nn,
                "nb" => WrittenStandard.Nb,
                _ => WrittenStandard.Unspecified,
            });
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
