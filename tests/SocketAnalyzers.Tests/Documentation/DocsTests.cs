using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.Tests.Fuzz;
using SocketAnalyzers.Tests.Verifiers;

namespace SocketAnalyzers.Tests.Documentation
{
    /// <summary>
    /// The documentation a user follows agrees with the code: a page per descriptor, help links that name files of
    /// this repository, README tables equal to the descriptors, rule pages that link the measured facts they rest on
    /// (anchors that exist in docs/facts.md), presets that name every rule, and nothing that points outside the repository.
    /// </summary>
    public class DocsTests
    {
        private const string RepositoryUrl = "https://github.com/SocketAnalyzers/SocketAnalyzers/blob/main/";

        private static readonly string Root = TestEnvironment.RepositoryRoot;

        private static readonly List<DiagnosticDescriptor> AllDescriptors = AnalyzerCatalog.CreateAnalyzers()
            .SelectMany(a => a.SupportedDiagnostics)
            .GroupBy(d => d.Id, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToList();

        public static TheoryData<string> DescriptorIds()
        {
            var data = new TheoryData<string>();
            foreach (var d in AllDescriptors)
            {
                data.Add(d.Id);
            }

            return data;
        }

        [Fact]
        public void The_catalogue_is_not_empty()
            => Assert.True(AllDescriptors.Count >= 15, string.Join(", ", AllDescriptors.Select(d => d.Id)));

        [Theory]
        [MemberData(nameof(DescriptorIds))]
        public void Descriptor_has_a_page_and_its_help_link_is_a_file_of_the_repository(string id)
        {
            var descriptor = AllDescriptors.Single(d => d.Id == id);
            Assert.True(File.Exists(Path.Combine(Root, "docs", "rules", id + ".md")), $"docs/rules/{id}.md is missing");
            Assert.StartsWith(RepositoryUrl, descriptor.HelpLinkUri, StringComparison.Ordinal);
            string relative = descriptor.HelpLinkUri.Substring(RepositoryUrl.Length);
            Assert.Equal("docs/rules/" + id + ".md", relative);
            Assert.True(File.Exists(Path.Combine(Root, relative)), descriptor.HelpLinkUri + " names no file of the repository");
            Assert.StartsWith("# " + id + ": " + descriptor.Title, File.ReadAllText(Path.Combine(Root, relative)), StringComparison.Ordinal);
        }

        [Fact]
        public void Repository_README_rule_table_matches_the_descriptors()
            => AssertTableMatches(File.ReadAllText(Path.Combine(Root, "README.md")), id => "docs/rules/" + id + ".md");

        [Fact]
        public void Package_README_rule_table_matches_the_descriptors_with_absolute_links()
            => AssertTableMatches(File.ReadAllText(Path.Combine(Root, "src", "Package", "README.md")), id => RepositoryUrl + "docs/rules/" + id + ".md");

        [Theory]
        [MemberData(nameof(DescriptorIds))]
        public void Rule_page_links_the_facts_it_rests_on(string id)
        {
            var descriptor = AllDescriptors.Single(d => d.Id == id);
            string page = File.ReadAllText(Path.Combine(Root, "docs", "rules", id + ".md"));
            var anchors = FactAnchors();
            var links = Regex.Matches(page, @"\]\(\.\./facts\.md#([a-z0-9-]+)\)").Select(m => m.Groups[1].Value).ToList();
            if (descriptor.Category == "Configuration")
            {
                // A configuration rule rests on no socket behaviour; its page says so.
                Assert.Contains("no measured fact", page, StringComparison.Ordinal);
                return;
            }

            Assert.True(links.Count > 0, $"docs/rules/{id}.md links no fact in docs/facts.md");
            var broken = links.Where(l => !anchors.Contains(l)).ToList();
            Assert.True(broken.Count == 0, $"docs/rules/{id}.md links missing anchors: {string.Join(", ", broken)}");
        }

        [Fact]
        public void Every_fact_names_the_runtime_test_that_checks_it_or_says_there_is_none()
        {
            string facts = File.ReadAllText(Path.Combine(Root, "docs", "facts.md"));
            var sections = Regex.Split(facts, "<a id=\"").Skip(1).ToList();
            Assert.Equal(FactAnchors().Count, sections.Count);
            string runtime = Path.Combine(Root, "tests", "SocketAnalyzers.Tests", "Runtime");
            string runtimeSources = string.Concat(Directory.GetFiles(runtime, "*.cs").Select(File.ReadAllText));
            foreach (string section in sections)
            {
                string anchor = section.Substring(0, section.IndexOf('"'));
                if (section.Contains("Not checked by a runtime test", StringComparison.Ordinal))
                {
                    continue;
                }

                var named = Regex.Matches(section, @"`(SOCK\d{3}\w+RuntimeTests)(?:\.(\w+))?`").ToList();
                Assert.True(named.Count > 0, $"fact '{anchor}' names no runtime test");
                foreach (Match m in named)
                {
                    Assert.True(File.Exists(Path.Combine(runtime, m.Groups[1].Value + ".cs")), $"fact '{anchor}': no file {m.Groups[1].Value}.cs");
                    if (m.Groups[2].Success)
                    {
                        Assert.True(runtimeSources.Contains(" " + m.Groups[2].Value + "(", StringComparison.Ordinal), $"fact '{anchor}': no test {m.Value}");
                    }
                }
            }
        }

        [Fact]
        public void Links_into_facts_from_any_document_resolve()
        {
            var anchors = FactAnchors();
            foreach (string file in Documents())
            {
                foreach (Match m in Regex.Matches(File.ReadAllText(file), @"facts\.md#([A-Za-z0-9-]+)"))
                {
                    Assert.True(anchors.Contains(m.Groups[1].Value), $"{Path.GetRelativePath(Root, file)} links facts.md#{m.Groups[1].Value}, which does not exist");
                }
            }
        }

        [Fact]
        public void No_file_of_the_project_points_outside_the_repository()
        {
            // Built from pieces so that this file does not match itself.
            string[] forbidden = { "../" + "shared", "shared" + "/facts", "shared" + "/seeds", "shared" + "/experiments", "shared" + "/design" };
            var offenders = new List<string>();
            foreach (string file in ProjectFiles())
            {
                string text = File.ReadAllText(file);
                offenders.AddRange(forbidden.Where(f => text.Contains(f, StringComparison.Ordinal)).Select(f => Path.GetRelativePath(Root, file) + ": " + f));
            }

            Assert.True(offenders.Count == 0, string.Join("\n", offenders));
        }

        [Fact]
        public void Every_preset_sets_every_rule_and_nothing_else()
        {
            var ids = AllDescriptors.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            var presets = Directory.GetFiles(Path.Combine(Root, "src", "Package", "config"), "*.globalconfig");
            Assert.Equal(new[] { "all-warnings", "none", "recommended" }, presets.Select(Path.GetFileNameWithoutExtension).OrderBy(n => n, StringComparer.Ordinal));
            foreach (string preset in presets)
            {
                var lines = File.ReadAllLines(preset);
                Assert.Contains("is_global = true", lines);
                var set = lines.Select(l => Regex.Match(l, @"^dotnet_diagnostic\.(\w+)\.severity = (\w+)$")).Where(m => m.Success)
                    .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
                Assert.True(ids.SetEquals(set.Keys), Path.GetFileName(preset) + ": " + string.Join(", ", set.Keys));
                foreach (var d in AllDescriptors)
                {
                    string expected = Path.GetFileNameWithoutExtension(preset) switch
                    {
                        "none" => "none",
                        "all-warnings" => "warning",
                        _ => d.DefaultSeverity switch
                        {
                            DiagnosticSeverity.Error => "error",
                            DiagnosticSeverity.Warning => "warning",
                            DiagnosticSeverity.Info => "suggestion",
                            _ => "silent",
                        },
                    };
                    Assert.True(expected == set[d.Id], $"{Path.GetFileName(preset)}: {d.Id} is {set[d.Id]}, expected {expected}");
                }
            }
        }

        private static void AssertTableMatches(string markdown, Func<string, string> expectedLink)
        {
            var rows = Regex.Matches(markdown, @"^\| \[(SOCK\d{3})\]\(([^)]+)\) \| ([^|]+) \| ([^|]+) \| ([^|]+) \|", RegexOptions.Multiline)
                .ToDictionary(m => m.Groups[1].Value, m => m, StringComparer.Ordinal);
            Assert.Equal(AllDescriptors.Select(d => d.Id), rows.Keys.OrderBy(k => k, StringComparer.Ordinal));
            foreach (var d in AllDescriptors)
            {
                var row = rows[d.Id];
                Assert.Equal(expectedLink(d.Id), row.Groups[2].Value);
                Assert.Equal(d.Title.ToString(), row.Groups[3].Value.Trim());
                Assert.Equal(d.Category, row.Groups[4].Value.Trim());
                Assert.Equal(d.DefaultSeverity.ToString(), row.Groups[5].Value.Trim());
            }
        }

        private static HashSet<string> FactAnchors()
            => Regex.Matches(File.ReadAllText(Path.Combine(Root, "docs", "facts.md")), "<a id=\"([a-z0-9-]+)\"></a>")
                .Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        private static IEnumerable<string> Documents()
            => ProjectFiles().Where(f => f.EndsWith(".md", StringComparison.Ordinal));

        private static IEnumerable<string> ProjectFiles()
        {
            yield return Path.Combine(Root, "README.md");
            string[] extensions = { ".cs", ".md", ".csproj", ".props", ".targets", ".globalconfig", ".editorconfig", ".sh", ".json" };
            foreach (string folder in new[] { "src", "docs", "tests", "samples", "bench", ".ci" })
            {
                string path = Path.Combine(Root, folder);
                if (!Directory.Exists(path))
                {
                    continue;
                }

                foreach (string file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
                {
                    string relative = Path.GetRelativePath(Root, file).Replace('\\', '/');
                    if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal)
                        || relative.Contains("BenchmarkDotNet.Artifacts", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    if (extensions.Contains(Path.GetExtension(file)) || folder == ".ci")
                    {
                        yield return file;
                    }
                }
            }
        }
    }
}
