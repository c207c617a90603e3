using Koordinering.Eligibility.Api;
using Koordinering.Eligibility.Data;
using Koordinering.ServiceDefaults;
using Koordinering.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<EligibilityDbContext>();

var app = builder.Build();
app.MapServiceDefaults();
app.MapGrpcService<EligibilityApi>();

return await app.RunServiceAsync(args);
