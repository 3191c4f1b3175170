using Ddlo.Core.Data;
using Ddlo.Core.Model;
using Ddlo.Core.Wpmec;

namespace Ddlo.Core.Tests.Data;

public sealed class ReferenceDatasetTests
{
    private const string Header = "d0,d1,d2,d3,q_opt,x0,x1,x2,x3";

    /// <summary>Both models' layouts, so that either recognises the other's files.</summary>
    private static readonly DatasetLayout[] Others = [MecModel.Dataset(2, 1), WpmecModel.Dataset(2)];

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
            ReferenceDataset.Parse(new StringReader($"{Header}\n1,2,3,4,5,1,0,1,1\n"), "test.csv", MecModel.Dataset(3, 3)));

        Assert.Contains("a 3 x 3 scenario expects d0..d8,q_opt,x0..x8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_say_when_the_file_is_missing()
    {
        var error = Assert.Throws<DatasetFormatException>(() => ReferenceDataset.Load("/no/such/file.csv", MecModel.Dataset(3, 3)));

        Assert.Contains("/no/such/file.csv: data set file not found", error.Message, StringComparison.Ordinal);
    }

    private static ReferenceDataset Parse(string text) => ReferenceDataset.Parse(new StringReader(text), "test.csv", MecModel.Dataset(2, 2));

    private const string WpmecHeader = "h0,h1,q_opt,x0,x1";

    [Fact]
    public void Should_read_a_wpmec_data_set_with_or_without_its_split_columns()
    {
        var plain = ReferenceDataset.Parse(new StringReader($"{WpmecHeader}\n1e-6,2e-6,1000,0,1\n"), "w.csv", WpmecModel.Dataset(2), Others);
        var split = ReferenceDataset.Parse(new StringReader($"{WpmecHeader},a,tau0,tau1\n1e-6,2e-6,1000,0,1,0.5,0,0.5\n"), "w.csv", WpmecModel.Dataset(2), Others);

        Assert.Equal(2e-6, plain.Rows[0].Workload.Sizes[1]);
        Assert.Equal("01", split.Rows[0].OptimalDecision.ToString());
        Assert.Equal(1000, split.Rows[0].OptimalQ);
    }

    [Theory]
    [InlineData("h0,h1,q_opt,x0,x1,a", "1e-6,2e-6,1000,0,1,0.5", ":1: header has 6 columns")]
    [InlineData(WpmecHeader, "1e-6,2e-6,1000,0", ":2: expected 5 values, got 4")]
    [InlineData(WpmecHeader, "1e-6,-2e-6,1000,0,1", ":2: column 'h1': channel gain must be a finite number > 0")]
    [InlineData(WpmecHeader, "NaN,2e-6,1000,0,1", ":2: column 'h0': channel gain must be a finite number > 0")]
    [InlineData(WpmecHeader, "0,2e-6,1000,0,1", ":2: column 'h0': channel gain must be a finite number > 0")]
    [InlineData("d0,d1,q_opt,x0,x1", "1,2,1000,0,1", ":1: this is an MUMT data set (task sizes d0..), but the scenario models wpmec")]
    public void Should_refuse_a_malformed_wpmec_data_set_in_one_line(string header, string row, string message)
    {
        var error = Assert.Throws<DatasetFormatException>(() => ReferenceDataset.Parse(new StringReader($"{header}\n{row}\n"), "w.csv", WpmecModel.Dataset(2), Others));

        Assert.Contains("w.csv" + message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Should_name_the_model_when_a_wpmec_data_set_meets_an_mumt_scenario()
    {
        var error = Assert.Throws<DatasetFormatException>(() => ReferenceDataset.Load(TestData.PathOf("droo-wpmec-10-head.csv"), MecModel.Dataset(3, 3), Others));

        Assert.Contains("this is a WPMEC data set (channel gains h0..), but the scenario models mumt; set ddlo.system.model = wpmec", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_file_named_gz_that_is_not_gzip()
    {
        string path = Path.Combine(Path.GetTempPath(), $"not-gzip-{Guid.NewGuid():N}.csv.gz");
        File.WriteAllText(path, "h0,q_opt,x0\n1e-6,1,0\n");
        try
        {
            var error = Assert.Throws<DatasetFormatException>(() => ReferenceDataset.Load(path, WpmecModel.Dataset(1)));

            Assert.Contains(": not a readable gzip file", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Should_read_a_whole_gzip_file()
    {
        string path = Gzipped("droo-wpmec-10-head.csv", cut: 0);
        try
        {
            var dataset = ReferenceDataset.Load(path, WpmecModel.Dataset(10));

            Assert.Equal(ReferenceDataset.Load(TestData.PathOf("droo-wpmec-10-head.csv"), WpmecModel.Dataset(10)).Rows.Length, dataset.Rows.Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>GZipStream reads a cut file as if it ended there; the trailer tells, wherever the cut falls.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(9)]
    [InlineData(200)]
    [InlineData(-30)]
    public void Should_refuse_a_gzip_file_cut_short_naming_it(int cut)
    {
        string path = Gzipped("droo-wpmec-10-head.csv", cut);
        try
        {
            var error = Assert.Throws<DatasetFormatException>(() => ReferenceDataset.Load(path, WpmecModel.Dataset(10)));

            Assert.StartsWith($"{path}: ", error.Message, StringComparison.Ordinal);
            Assert.Matches("damaged or cut short|not a readable gzip file", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A gzipped copy of a sample with <paramref name="cut"/> bytes cut from its end (negative: all but that many from its start).</summary>
    private static string Gzipped(string sample, int cut)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(File.ReadAllBytes(TestData.PathOf(sample)));
        }

        byte[] bytes = buffer.ToArray();
        int keep = cut >= 0 ? bytes.Length - cut : -cut;
        string path = Path.Combine(Path.GetTempPath(), $"cut-{Guid.NewGuid():N}.csv.gz");
        File.WriteAllBytes(path, bytes[..keep]);
        return path;
    }
}
