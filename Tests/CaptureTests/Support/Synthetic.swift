import Capture

/// Small helpers to write a synthetic capture and read it back.
enum Synthetic {
    /// Writes frames with the given link type and reads everything back.
    static func read(linkType: UInt32, frames: [[UInt8]], options: CaptureOptions = CaptureOptions()) throws -> CaptureContents {
        var writer = PcapWriter(linkType: linkType)
        for (i, frame) in frames.enumerated() { writer.add(frame, nanoseconds: UInt32(i)) }
        return try CaptureReader.readAll(path: try writer.write(), options: options)
    }

    /// Raw-IPv4 frames (LINKTYPE_RAW) carrying the given SCTP packets between the default addresses.
    static func readSCTP(_ packets: [[UInt8]], options: CaptureOptions = CaptureOptions()) throws -> CaptureContents {
        try read(linkType: 101, frames: packets.map { PacketBuilder.ipv4(payload: $0) }, options: options)
    }
}
