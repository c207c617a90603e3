using Koordinering.Consent.Data;
using Koordinering.Consent.Domain;
using Koordinering.Eventing;
using Koordinering.ServiceDefaults.Audit;
using Koordinering.ServiceDefaults.Grpc;
using Koordinering.ServiceDefaults.Security;

namespace Koordinering.Consent.Consents;

/// <summary>Records consents given and withdrawn (pasrl §§ 4-3, 4-4), each with its event in the same transaction.</summary>
public sealed class ConsentHandler(ConsentDbContext db, TimeProvider time, IPopulationRegister register, ConsentAccess access, AuditTrail audit)
{
    public async Task<Domain.Consent> GiveAsync(Caller caller, ConsentDraft draft, CancellationToken cancellationToken)
    {
        var subject = draft.Subject.Value;
        audit.Touch(subject, "consent:new", draft.MunicipalityNumber);
        Authorize(caller, draft);
        foreach (var guardian in draft.Givers.Where(g => g.Role == GiverRole.Guardian))
        {
            if (!await register.IsGuardianAsync(guardian.IdentityNumber, subject, cancellationToken))
            {
                throw RpcErrors.FailedPrecondition("The population register does not list a giver as the child's parent or guardian.");
            }
        }
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var paper = draft.PaperArchiveReference is not null;
        var consent = Domain.Consent.Give(new Domain.Consent
        {
            Id = id,
            MunicipalityNumber = draft.MunicipalityNumber,
            SubjectIdentityNumber = subject,
            SubjectTurns16On = ConsentRules.SixteenthBirthday(draft.Subject.BirthDate),
            Givers = [.. draft.Givers],
            ChildHeard = draft.ChildHeard,
            Purposes = [.. draft.Purposes],
            Parties = draft.Parties.Select(p => new ConsentParty
            {
                Id = Guid.CreateVersion7(now), ConsentId = id, OrganisationNumber = p.OrganisationNumber,
                OrganisationName = p.OrganisationName, PersonId = p.PersonId, PersonName = p.PersonName,
            }).ToList(),
            Form = paper ? ConsentForm.Paper : ConsentForm.Digital,
            AuthenticatedAt = paper ? null : draft.AuthenticatedAt ?? now,
            AssuranceLevel = paper ? null : caller.AssuranceLevel,
            ArchiveReference = draft.PaperArchiveReference,
            GivenBy = caller.Actor,
            GivenAt = now,
            ValidFrom = draft.ValidFrom,
            ValidTo = draft.ValidTo,
        });
        db.Consents.Add(consent);
        db.AddEvent(ConsentEvents.Given(consent));
        await db.SaveChangesAsync(cancellationToken);
        return consent;
    }

    public async Task<Domain.Consent> WithdrawAsync(Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var consent = await access.LoadAsync(caller, id, forWithdrawal: true, tracked: true, cancellationToken);
        var now = time.GetUtcNow();
        consent.Withdraw(caller.Actor, now);
        db.AddEvent(ConsentEvents.Withdrawn(consent, now, whole: true, consent.Parties.Where(p => p.WithdrawnAt is null || p.WithdrawnAt == now)));
        await db.SaveChangesAsync(cancellationToken);
        return consent;
    }

    public async Task<Domain.Consent> WithdrawPartyAsync(Caller caller, Guid id, Guid partyId, CancellationToken cancellationToken)
    {
        var consent = await access.LoadAsync(caller, id, forWithdrawal: true, tracked: true, cancellationToken);
        if (consent.Parties.All(p => p.Id != partyId))
        {
            throw RpcErrors.NotFound("party");
        }
        var now = time.GetUtcNow();
        var party = consent.WithdrawParty(partyId, caller.Actor, now);
        db.AddEvent(ConsentEvents.Withdrawn(consent, now, whole: false, [party]));
        await db.SaveChangesAsync(cancellationToken);
        return consent;
    }

    /// <summary>Digital: the authenticated citizen gives their own consent, or a guardian's for a child. Paper: a caseworker of the municipality registers it.</summary>
    private static void Authorize(Caller caller, ConsentDraft draft)
    {
        if (draft.PaperArchiveReference is not null)
        {
            if (!SubjectAccess.IsCaseworkerOf(caller, draft.MunicipalityNumber))
            {
                throw RpcErrors.PermissionDenied("A paper consent is registered by a caseworker of the municipality.");
            }
        }
        else if (caller.Kind != CallerKind.Citizen || draft.Givers.Count != 1 || draft.Givers[0].IdentityNumber != caller.Id)
        {
            throw RpcErrors.PermissionDenied("A digital consent is given by the authenticated citizen, as its one giver; a caseworker registers paper consents with paper_archive_reference.");
        }
        else if (draft.Givers[0].Role == GiverRole.Representative)
        {
            // A citizen consents for themselves, or for their child as the register's guardian: never as
            // someone's representative on their own word.
            throw RpcErrors.PermissionDenied("A representative's consent (fullmakt, verge) is recorded by a caseworker who has seen the document.");
        }
    }
}
