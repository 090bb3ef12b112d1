using System.Text.Json;
using EmissionEdge.Ingest.Alerts;

namespace EmissionEdge.Ingest.Tests.Alerts;

public class AlertNoticeJsonTests
{
    [Fact]
    public void The_body_is_the_text_the_notice_options_give_and_reads_back_equal()
    {
        var notice = new AlertNotice
        {
            AlertId = "0123456789abcdef0123456789abcdef",
            Version = 3,
            Status = "updated",
            Unit = "GS-01",
            Plant = null,
            Kind = "exceedance",
            Pollutant = "SO2",
            StartUtc = new DateTime(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc),
            EndUtc = null,
            Peak = 40.5m,
            Count = 2,
            Detail = null,
            UpdatedUtc = new DateTime(2026, 11, 26, 2, 0, 5, DateTimeKind.Utc),
        };

        var body = notice.ToJson();

        Assert.Equal(JsonSerializer.Serialize(notice, AlertNotice.JsonOptions), body);
        Assert.Contains("\"plant\":null", body); // absent values are written, as receivers were told
        Assert.Equal(notice, AlertNotice.FromJson(body));
        Assert.Equal(notice, JsonSerializer.Deserialize<AlertNotice>(body, AlertNotice.JsonOptions));
    }
}
