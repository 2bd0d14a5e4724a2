namespace MarketData.Client.Tests.Docs;

/// <summary>docs/errors.md shows the table of MarketDataErrors; this keeps the page and the code in step.</summary>
public sealed class ErrorTableDocTests
{
    [Test]
    public void Every_row_of_the_error_table_is_documented_with_its_exception_type()
    {
        var doc = File.ReadAllLines(RepositoryFiles.Path("docs", "errors.md"))
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal))
            .ToList();

        foreach (var row in MarketDataErrors.All)
        {
            var line = doc.SingleOrDefault(l => l.Contains($"| `{row.Code}` |", StringComparison.Ordinal));
            line.Should().NotBeNull($"docs/errors.md must have a row for {row.Code}");
            line.Should().Contain($"`{row.ExceptionType.Name}`", $"the row of {row.Code} must name its exception type");
            line.Should().Contain(row.Meaning);
            line.Should().Contain(row.Recommendation);
            if (row.WireCode.Length > 0)
            {
                line.Should().StartWith($"| `{row.WireCode}` |");
            }

            var retried = line!.Contains("retr", StringComparison.Ordinal) && !line.Contains("never retried", StringComparison.Ordinal);
            retried.Should().Be(row.IsTransient, $"the row of {row.Code} must say whether it is retried");
        }
    }
}
