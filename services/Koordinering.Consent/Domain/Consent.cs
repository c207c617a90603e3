using Koordinering.Domain;

namespace Koordinering.Consent.Domain;

public enum ConsentStatus
{
    Active = 1,
    Withdrawn = 2,
    Expired = 3,
}

public enum GiverRole
{
    Subject = 1,
    Guardian = 2,
    Representative = 3,
}

public enum ConsentForm
{
    Digital = 1,
    Paper = 2,
}

public sealed record Giver(string IdentityNumber, GiverRole Role, string? RepresentationBasis, RepresentationDocument? Document = null);

public enum RepresentationDocumentKind
{
    PowerOfAttorney = 1,
    Guardianship = 2,
}

/// <summary>The power of attorney or guardianship a caseworker saw before recording a representative's consent.</summary>
public sealed record RepresentationDocument(RepresentationDocumentKind Kind, string Reference, string AttestedBy, DateTimeOffset AttestedAt);

/// <summary>A rule of consent was broken; the API answers FailedPrecondition.</summary>
public sealed class ConsentRuleException(string message) : Koordinering.Domain.DomainRuleException(message);

/// <summary>
/// Who may consent for whom (pasrl §§ 4-3, 4-4): from 16 the person consents themselves, or a
/// representative where they cannot; under 16 the parents or guardians consent, and from 12 the
/// child is heard. Plain C#: no I/O.
/// </summary>
public static class ConsentRules
{
    public const int AgeOfConsent = 16;
    public const int AgeHeard = 12;

    public static int? AgeOn(DateOnly? birthDate, DateOnly on) => birthDate is { } born ? Koordinering.Domain.Ages.On(born, on) : null;

    /// <summary>The violations of the giver rules, each naming its field.</summary>
    public static List<(string Field, string Description)> CheckGivers(string subject, DateOnly? birthDate, DateOnly on, IReadOnlyList<Giver> givers, bool? childHeard)
    {
        var violations = new List<(string, string)>();
        var age = AgeOn(birthDate, on);
        var child = age is < AgeOfConsent;
        for (var i = 0; i < givers.Count; i++)
        {
            var giver = givers[i];
            switch (giver.Role)
            {
                case GiverRole.Subject when child:
                    violations.Add(($"givers[{i}].role", "a child under 16 does not consent alone: the parents or guardians consent (pasrl § 4-4)"));
                    break;
                case GiverRole.Subject when giver.IdentityNumber != subject:
                    violations.Add(($"givers[{i}].identity_number", "the subject's own consent must be given by the subject"));
                    break;
                case GiverRole.Guardian when !child:
                    violations.Add(($"givers[{i}].role", "from 16 the person consents themselves, or a representative does"));
                    break;
                case GiverRole.Guardian when giver.IdentityNumber == subject:
                    violations.Add(($"givers[{i}].identity_number", "a guardian is someone other than the subject"));
                    break;
                case GiverRole.Representative when giver.Document is null:
                    violations.Add(($"givers[{i}].representation_document", "is required for a representative: the kind and reference of the power of attorney or guardianship a caseworker saw"));
                    break;
            }
        }
        if (givers.Select(g => g.IdentityNumber).Distinct().Count() != givers.Count)
        {
            violations.Add(("givers", "names the same person twice"));
        }
        if (age is >= AgeHeard and < AgeOfConsent && childHeard is null)
        {
            violations.Add(("child_heard", "must say whether the child's view was heard, for a child of 12 to 15"));
        }
        return violations;
    }

    /// <summary>The day a child turns 16, when a guardians-only consent needs renewal.</summary>
    public static DateOnly? SixteenthBirthday(DateOnly? birthDate) => birthDate?.AddYears(AgeOfConsent);
}

/// <summary>A written consent (samtykke): who consented to what, for whom, given by whom, and since when.</summary>
public sealed class Consent
{
    public Guid Id { get; init; }
    public required string MunicipalityNumber { get; init; }

    /// <summary>The person it concerns (sensitive: never logged).</summary>
    public required string SubjectIdentityNumber { get; init; }
    public DateOnly? SubjectTurns16On { get; init; }
    public List<Giver> Givers { get; init; } = [];
    public bool? ChildHeard { get; init; }
    public List<ConsentPurpose> Purposes { get; init; } = [];
    public List<ConsentParty> Parties { get; init; } = [];

    public ConsentForm Form { get; init; }
    public DateTimeOffset? AuthenticatedAt { get; init; }
    public string? AssuranceLevel { get; init; }
    public string? ArchiveReference { get; init; }
    public required string GivenBy { get; init; }
    public DateTimeOffset GivenAt { get; init; }

    public DateTimeOffset ValidFrom { get; init; }
    public DateTimeOffset? ValidTo { get; init; }
    public ConsentStatus Status { get; private set; } = ConsentStatus.Active;
    public DateTimeOffset? WithdrawnAt { get; private set; }
    public string? WithdrawnBy { get; private set; }
    public DateTimeOffset? RenewalDueAt { get; private set; }

    /// <summary>PostgreSQL's xmin.</summary>
    public uint Version { get; private set; }

    public List<ConsentHistoryEntry> History { get; init; } = [];

    public bool GivenByGuardiansOnly => Givers.Count > 0 && Givers.All(g => g.Role == GiverRole.Guardian);

    public static Consent Give(Consent consent)
    {
        consent.History.Add(new ConsentHistoryEntry
        {
            ConsentId = consent.Id, At = consent.GivenAt, Actor = consent.GivenBy, Action = "given",
            Detail = $"purposes: {string.Join(", ", consent.Purposes)}; parties: {consent.Parties.Count}; form: {consent.Form}",
        });
        return consent;
    }

    public void Withdraw(string by, DateTimeOffset at)
    {
        if (Status != ConsentStatus.Active)
        {
            throw new ConsentRuleException($"The consent is already {Status.ToString().ToLowerInvariant()}.");
        }
        Status = ConsentStatus.Withdrawn;
        WithdrawnAt = at;
        WithdrawnBy = by;
        History.Add(new ConsentHistoryEntry { ConsentId = Id, At = at, Actor = by, Action = "withdrawn" });
    }

    public ConsentParty WithdrawParty(Guid partyId, string by, DateTimeOffset at)
    {
        if (Status != ConsentStatus.Active)
        {
            throw new ConsentRuleException($"The consent is already {Status.ToString().ToLowerInvariant()}.");
        }
        var party = Parties.FirstOrDefault(p => p.Id == partyId) ?? throw new KeyNotFoundException();
        if (party.WithdrawnAt is not null)
        {
            throw new ConsentRuleException("That party's access is already withdrawn.");
        }
        party.WithdrawnAt = at;
        party.WithdrawnBy = by;
        History.Add(new ConsentHistoryEntry { ConsentId = Id, At = at, Actor = by, Action = "party_withdrawn", Detail = $"party {party.Id} ({party.OrganisationNumber})" });
        return party;
    }

    public void FlagRenewal(DateTimeOffset at)
    {
        RenewalDueAt = at;
        History.Add(new ConsentHistoryEntry { ConsentId = Id, At = at, Actor = "service:consent", Action = "renewal_due", Detail = "the child turned 16; only guardians had consented" });
    }

    public ConsentStatus StatusAt(DateTimeOffset now) =>
        Status == ConsentStatus.Active && ValidTo is { } end && end <= now ? ConsentStatus.Expired : Status;
}

public sealed class ConsentParty
{
    public Guid Id { get; init; }
    public Guid ConsentId { get; init; }
    public required string OrganisationNumber { get; init; }
    public string? OrganisationName { get; init; }
    public string? PersonId { get; init; }
    public string? PersonName { get; init; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    public string? WithdrawnBy { get; set; }
}

public sealed class ConsentHistoryEntry
{
    public long Id { get; init; }
    public Guid ConsentId { get; init; }
    public DateTimeOffset At { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public string? Detail { get; init; }
}
