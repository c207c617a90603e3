using Koordinering.Application.Api;
using Koordinering.Application.Data;
using Koordinering.ServiceDefaults;
using Koordinering.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<ApplicationDbContext>();

var app = builder.Build();
app.MapServiceDefaults();
app.MapGrpcService<ApplicationApi>();

return await app.RunServiceAsync(args);
