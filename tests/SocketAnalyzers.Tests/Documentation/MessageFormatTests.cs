using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.Tests.Fuzz;

namespace SocketAnalyzers.Tests.Documentation
{
    /// <summary>
    /// Issue 10, "Messages": every descriptor has a real message format with arguments (not a bare "{0}" that an
    /// analyzer fills with a whole sentence), short, without line numbers; one descriptor per id.
    /// </summary>
    public class MessageFormatTests
    {
        private const int MaxFormatLength = 150;

        private static readonly List<DiagnosticDescriptor> Descriptors = AnalyzerCatalog.CreateAnalyzers()
            .SelectMany(a => a.SupportedDiagnostics)
            .ToList();

        public static TheoryData<string> DescriptorIds()
        {
            var data = new TheoryData<string>();
            foreach (var id in Descriptors.Select(d => d.Id).Distinct(StringComparer.Ordinal).OrderBy(i => i, StringComparer.Ordinal))
            {
                data.Add(id);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(DescriptorIds))]
        public void Each_id_has_one_descriptor(string id)
        {
            var formats = Descriptors.Where(d => d.Id == id)
                .Select(d => d.MessageFormat.ToString(CultureInfo.InvariantCulture))
                .Distinct(StringComparer.Ordinal)
                .ToList();
            Assert.Single(formats);
        }

        [Theory]
        [MemberData(nameof(DescriptorIds))]
        public void Message_format_has_arguments_and_text_of_its_own_and_is_short(string id)
        {
            string format = Descriptors.First(d => d.Id == id).MessageFormat.ToString(CultureInfo.InvariantCulture);
            Assert.Contains("{0}", format, StringComparison.Ordinal);
            string fixedText = Regex.Replace(format, @"\{\d+\}", string.Empty);
            Assert.True(fixedText.Trim().Length >= 20, $"{id}: the format is only placeholders: {format}");
            Assert.True(format.Length <= MaxFormatLength, $"{id}: {format.Length} characters: {format}");
            Assert.DoesNotMatch(@"(?i)\bline\s*\d|\(\d+,\d+\)", format);
        }
    }
}
