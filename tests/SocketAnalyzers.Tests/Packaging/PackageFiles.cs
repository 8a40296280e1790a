using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace SocketAnalyzers.Tests.Packaging
{
    /// <summary>What the end-to-end tests read from a packed package and the folders they leave behind.</summary>
    internal static class PackageFiles
    {
        /// <summary>Every assembly reference of every assembly under <c>analyzers/</c> in the package.</summary>
        public static List<(string Assembly, string Name, Version Version)> AssemblyReferences(ZipArchive package)
        {
            var references = new List<(string, string, Version)>();
            foreach (var entry in package.Entries.Where(e => e.FullName.StartsWith("analyzers/", StringComparison.Ordinal) && e.FullName.EndsWith(".dll", StringComparison.Ordinal)))
            {
                using var memory = new MemoryStream();
                using (var stream = entry.Open())
                {
                    stream.CopyTo(memory);
                }

                memory.Position = 0;
                using var pe = new PEReader(memory);
                var metadata = pe.GetMetadataReader();
                foreach (var handle in metadata.AssemblyReferences)
                {
                    var reference = metadata.GetAssemblyReference(handle);
                    references.Add((entry.Name, metadata.GetString(reference.Name), reference.Version));
                }
            }

            return references;
        }

        /// <summary>Removes a test's work folder; a file still held by a child process leaves it in place.</summary>
        public static void DeleteQuietly(string directory)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
