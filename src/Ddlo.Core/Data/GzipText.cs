using System.Buffers.Binary;
using System.IO.Compression;

namespace Ddlo.Core.Data;

/// <summary>
/// Reads a text file, gunzipping it when its name ends in .gz, and refuses a damaged one: GZipStream ends a stream cut
/// short as if it were whole, so once the text has been read to its end its length is checked against the gzip
/// trailer's (ISIZE, the last four bytes), which a cut file no longer has.
/// </summary>
internal static class GzipText
{
    public static T Read<T>(string path, Func<TextReader, T> parse)
    {
        using var file = File.OpenRead(path);
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            using var plain = new StreamReader(file);
            return parse(plain);
        }

        long length = file.Length;
        uint trailer = 0;
        if (length >= 18)
        {
            Span<byte> last = stackalloc byte[4];
            file.Seek(-4, SeekOrigin.End);
            file.ReadExactly(last);
            trailer = BinaryPrimitives.ReadUInt32LittleEndian(last);
            file.Seek(0, SeekOrigin.Begin);
        }

        try
        {
            using var counted = new CountingStream(new GZipStream(file, CompressionMode.Decompress));
            using var reader = new StreamReader(counted);
            T result;
            try
            {
                result = parse(reader);
            }
            catch (DatasetFormatException) when (Damaged(reader, counted, length, trailer))
            {
                // A row cut in half is the cut's doing: name the damage, not the row.
                throw DamagedFile(path, counted.Count, trailer);
            }

            return Damaged(reader, counted, length, trailer) ? throw DamagedFile(path, counted.Count, trailer) : result;
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException($"{path}: not a readable gzip file ({e.Message}).");
        }
    }

    /// <summary>Reads what the parser left, then tells whether the text's length disagrees with the trailer.</summary>
    private static bool Damaged(StreamReader reader, CountingStream counted, long length, uint trailer)
    {
        reader.ReadToEnd();
        return length < 18 || (uint)counted.Count != trailer;
    }

    private static DatasetFormatException DamagedFile(string path, long count, uint trailer) =>
        new($"{path}: the gzip file is damaged or cut short ({count} bytes of text, but its trailer says {trailer}); gzip -t {path} tells more.");

    /// <summary>A read-only stream that counts the bytes read through it.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Count { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => Count;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = inner.Read(buffer, offset, count);
            Count += read;
            return read;
        }

        public override int Read(Span<byte> buffer)
        {
            int read = inner.Read(buffer);
            Count += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
