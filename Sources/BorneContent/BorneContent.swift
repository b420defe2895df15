public enum BorneContent {}
