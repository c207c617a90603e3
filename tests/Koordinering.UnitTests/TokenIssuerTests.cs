using System.Buffers.Text;
using System.Text;
using Koordinering.ServiceDefaults.Security;

namespace Koordinering.UnitTests;

/// <summary>The scheme selector's peek at a token's issuer: the top-level string <c>iss</c> of a compact JWS, or nobody.</summary>
public sealed class TokenIssuerTests
{
    private const string Header = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9";

    private static string Jws(string payloadJson) => $"{Header}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payloadJson))}.c2lnbmF0dXJl";

    [Fact]
    public void The_issuer_of_a_token_is_its_top_level_iss() =>
        Assert.Equal("https://idporten.no", TokenIssuer.Peek(Jws("""{"sub":"x","aud":["a","b"],"iss":"https://idporten.no","exp":1}""")));

    [Fact]
    public void An_iss_inside_a_nested_claim_is_not_the_issuer() =>
        Assert.Null(TokenIssuer.Peek(Jws("""{"act":{"iss":"https://elsewhere"},"sub":"x"}""")));

    [Fact]
    public void An_iss_that_is_not_a_string_is_nobody() =>
        Assert.Null(TokenIssuer.Peek(Jws("""{"iss":["a"]}""")));

    [Fact]
    public void A_payload_that_is_not_json_is_nobody() =>
        Assert.Null(TokenIssuer.Peek($"{Header}.{Base64Url.EncodeToString("iss"u8)}.c2ln"));

    [Fact]
    public void A_payload_that_is_not_base64url_is_nobody() =>
        Assert.Null(TokenIssuer.Peek($"{Header}.not*base64.c2ln"));

    [Theory]
    [InlineData("")]
    [InlineData("no-dots")]
    [InlineData("one.dot")]
    [InlineData("a.b.c.d.e")]
    [InlineData(".payload.sig")]
    public void Something_that_is_not_a_compact_jws_is_nobody(string token) =>
        Assert.Null(TokenIssuer.Peek(token));

    [Fact]
    public void A_payload_over_the_limit_is_nobody() =>
        Assert.Null(TokenIssuer.Peek(Jws($$"""{"pad":"{{new string('x', TokenIssuer.MaxPayloadChars)}}","iss":"a"}""")));
}
