using Ddlo.Core.Data;

namespace Ddlo.Core.Tests.Data;

public sealed class ReferenceDatasetTests
{
    private const string Header = "d0,d1,d2,d3,q_opt,x0,x1,x2,x3";

    [Fact]
    public void Should_read_every_row_of_the_published_data_set()
    {
        var dataset = TestData.DdloReference;

        Assert.Equal(20_000, dataset.Rows.Length);
        Assert.Equal(2, dataset.Rows[0].Line);
        Assert.Equal("110011011", dataset.Rows[0].OptimalDecision.ToString());
        Assert.Equal(688.4679127039999, dataset.Rows[0].OptimalQ);
    }

    [Theory]
    [InlineData("1,2,3,4,5,1,0,1", ":2: expected 9 values, got 8")]
    [InlineData("1,2,abc,4,5,1,0,1,1", ":2: column 'd2': 'abc' is not a number")]
    [InlineData("1,-2,3,4,5,1,0,1,1", ":2: column 'd1': task size must be a finite number >= 0")]
    [InlineData("1,2,3,4,5,1,0,2,1", ":2: column 'x2': decision bit must be 0 or 1")]
    [InlineData("1,2,3,4,NaN,1,0,1,1", ":2: column 'q_opt': must be a finite number > 0")]
    public void Should_report_a_malformed_row_by_its_line(string row, string message)
    {
        var error = Assert.Throws<DatasetFormatException>(() => Parse($"{Header}\n{row}\n"));

        Assert.Contains("test.csv" + message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_header_for_another_shape()
    {
        var error = Assert.Throws<DatasetFormatException>(() =>
            ReferenceDataset.Parse(new StringReader($"{Header}\n1,2,3,4,5,1,0,1,1\n"), "test.csv", 3, 3));

        Assert.Contains("a 3 x 3 scenario expects d0..d8,q_opt,x0..x8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_say_when_the_file_is_missing()
    {
        var error = Assert.Throws<DatasetFormatException>(() => ReferenceDataset.Load("/no/such/file.csv", 3, 3));

        Assert.Contains("/no/such/file.csv: data set file not found", error.Message, StringComparison.Ordinal);
    }

    private static ReferenceDataset Parse(string text) => ReferenceDataset.Parse(new StringReader(text), "test.csv", 2, 2);
}
