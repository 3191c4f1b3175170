// MSBuild inline task (RoslynCodeTaskFactory). TorchSharp 0.107's libLibTorchSharp.so asks for
// GLIBCXX_3.4.32 (GCC 13) only for std::ios_base_library_init(), which <iostream> references but never calls.
// Where the system libstdc++ lacks that version, marking the requirement weak (VER_FLG_WEAK in
// .gnu.version_r) lets the dynamic loader accept the library; nothing it calls is missing.
using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class WeakenElfVersionNeed : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>The shared libraries to patch (copies in an output folder, never the package cache).</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Version names to weaken, for example GLIBCXX_3.4.32.</summary>
    [Required]
    public string[] Versions { get; set; } = Array.Empty<string>();

    /// <summary>Candidate paths of the system library that should provide the versions.</summary>
    [Required]
    public string[] SystemLibraries { get; set; } = Array.Empty<string>();

    public override bool Execute()
    {
        string system = SystemLibraries.FirstOrDefault(File.Exists);
        if (system == null)
        {
            Log.LogMessage(MessageImportance.Low, "No system libstdc++ found; leaving libLibTorchSharp.so as shipped.");
            return true;
        }

        byte[] systemBytes = File.ReadAllBytes(system);
        string[] missing = Versions.Where(v => IndexOf(systemBytes, Encoding.ASCII.GetBytes(v + "\0")) < 0).ToArray();
        if (missing.Length == 0)
        {
            return true;
        }

        foreach (ITaskItem item in Files)
        {
            string path = item.ItemSpec;
            try
            {
                int changed = Patch(path, missing);
                if (changed > 0)
                {
                    Log.LogMessage(MessageImportance.High,
                        "{0}: marked {1} weak ({2} lacks it).", path, string.Join(", ", missing), system);
                }
            }
            catch (InvalidDataException e)
            {
                Log.LogError("{0}: cannot patch ELF version requirements: {1}", path, e.Message);
            }
        }

        return !Log.HasLoggedErrors;
    }

    private static int Patch(string path, string[] versions)
    {
        byte[] elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF file");
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException("only 64-bit little-endian ELF is supported");
        }

        long sectionHeaders = (long)BitConverter.ToUInt64(elf, 0x28);
        int entrySize = BitConverter.ToUInt16(elf, 0x3A);
        int sections = BitConverter.ToUInt16(elf, 0x3C);
        int changed = 0;
        for (int s = 0; s < sections; s++)
        {
            long header = sectionHeaders + (s * entrySize);
            if (BitConverter.ToUInt32(elf, (int)header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            long offset = (long)BitConverter.ToUInt64(elf, (int)header + 0x18);
            int link = (int)BitConverter.ToUInt32(elf, (int)header + 0x28);
            int count = (int)BitConverter.ToUInt32(elf, (int)header + 0x2C);
            long strings = (long)BitConverter.ToUInt64(elf, (int)(sectionHeaders + (link * entrySize) + 0x18));

            long need = offset;
            for (int i = 0; i < count; i++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int j = 0; j < auxCount; j++)
                {
                    string name = CString(elf, strings + BitConverter.ToUInt32(elf, (int)aux + 8));
                    int flagsAt = (int)aux + 4;
                    ushort flags = BitConverter.ToUInt16(elf, flagsAt);
                    if (Array.IndexOf(versions, name) >= 0 && (flags & VerFlgWeak) == 0)
                    {
                        BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, flagsAt);
                        changed++;
                    }

                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }

                need += BitConverter.ToUInt32(elf, (int)need + 12);
            }
        }

        if (changed > 0)
        {
            // Write beside and rename: a hard link into the package cache is replaced, never modified.
            string temporary = path + ".weakening";
            File.WriteAllBytes(temporary, elf);
            File.Copy(temporary, path, overwrite: true);
            File.Delete(temporary);
        }

        return changed;
    }

    private static string CString(byte[] bytes, long start)
    {
        int end = (int)start;
        while (bytes[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(bytes, (int)start, end - (int)start);
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i <= haystack.Length - needle.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return i;
            }
        }

        return -1;
    }
}
