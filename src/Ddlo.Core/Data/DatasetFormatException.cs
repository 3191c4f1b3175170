namespace Ddlo.Core.Data;

/// <summary>A data set file that does not have the reference format; the message names the file and line.</summary>
public sealed class DatasetFormatException(string message) : Exception(message);
