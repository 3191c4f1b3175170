namespace Ddlo.Learning; internal static class Placeholder { }
