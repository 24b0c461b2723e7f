import Bytes
import Foundation
import FiveGSecurity

/// Loads a JSON resource copied from shared/vectors (see Resources/SOURCE.md).
enum VectorFile {
    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: name, withExtension: "json") else {
            fatalError("missing test resource \(name).json")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
        } catch {
            fatalError("cannot decode \(name).json: \(error)")
        }
    }
}

/// Hex text to bytes for test data (traps on bad test data, which is a test bug).
func hex(_ s: String) -> [UInt8] {
    do { return try Hex.decode(s) } catch { fatalError("bad hex in test data: \(s)") }
}

/// The first `bits` bits of `bytes`, with the rest of the last byte cleared.
func prefixBits(_ bytes: [UInt8], _ bits: Int) -> [UInt8] {
    var out = Array(bytes.prefix((bits + 7) / 8))
    if bits % 8 != 0, !out.isEmpty { out[out.count - 1] &= UInt8(truncatingIfNeeded: 0xff00 >> (bits % 8)) }
    return out
}

// MARK: - File shapes

struct MilenageFile: Decodable { let vectors: [MilenageVector] }
struct MilenageVector: Decodable, Sendable, CustomStringConvertible {
    let test_set: Int
    let k, rand, sqn, amf, op, opc, f1_mac_a, f1_star_mac_s, f2_res, f3_ck, f4_ik, f5_ak, f5_star_ak_resync: String
    let derived_not_in_spec: Derived
    struct Derived: Decodable, Sendable { let autn, auts: String }
    var description: String { "TS 35.208 set \(test_set)" }
}

/// One NEA/NIA style vector (COUNT, BEARER, DIRECTION, LENGTH and data).
struct CipherVector: Decodable, Sendable, CustomStringConvertible {
    let algorithm: String
    let test_set: Int
    let key: String
    let count_int: UInt32
    let bearer_int: UInt8?
    let fresh_int: UInt32?
    let direction: UInt8
    let length_bits: Int
    let plaintext: String?
    let ciphertext: String?
    let message: String?
    let mac: String?
    var description: String { "\(algorithm) set \(test_set) (\(length_bits) bits)" }
    var dir: Direction { direction == 0 ? .uplink : .downlink }
}

struct FlatCipherFile: Decodable { let vectors: [CipherVector] }

struct SNOWKeystreamVector: Decodable, Sendable, CustomStringConvertible {
    let test_set: Int
    let key_k0_k3: String
    let iv_iv0_iv3: String
    let z1_z2: String?
    let z1_z2_z3: String?
    let z2500: String?
    var description: String { "SNOW 3G keystream set \(test_set)" }
}

struct ZUCKeystreamVector: Decodable, Sendable, CustomStringConvertible {
    let test_set: Int
    let key, iv: String
    let z1_z2: String
    let z2000: String?
    var description: String { "ZUC keystream set \(test_set)" }
}

struct SNOWFile: Decodable {
    struct Groups: Decodable {
        let nea1_ts33401_c3: [CipherVector]
        let nia1_ts33401_c4: [CipherVector]
        let uea2_f8: [CipherVector]
        let uia2_f9: [CipherVector]
        let snow3g_keystream: [SNOWKeystreamVector]
    }
    let groups: Groups
}

struct ZUCFile: Decodable {
    struct Groups: Decodable {
        let zuc_keystream: [ZUCKeystreamVector]
        let nea3: [CipherVector]
        let nia3: [CipherVector]
    }
    let groups: Groups
}

enum Vectors {
    static let milenage = VectorFile.load("milenage", as: MilenageFile.self).vectors
    static let nia2nea2 = VectorFile.load("nia2_nea2", as: FlatCipherFile.self).vectors
    static let snow = VectorFile.load("nia1_nea1", as: SNOWFile.self).groups
    static let zuc = VectorFile.load("nia3_nea3", as: ZUCFile.self).groups
}
