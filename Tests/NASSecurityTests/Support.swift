import Bytes
import FiveGSecurity
import Foundation
import NASSecurity
import TestSupport

/// Hex text to bytes for test data (traps on bad test data, which is a test bug).
func hex(_ s: String) -> [UInt8] {
    do { return try Hex.decode(s) } catch { fatalError("bad hex in test data: \(s)") }
}

/// A NIA/NEA pair for parameterised tests.
struct AlgorithmPair: Sendable, CustomStringConvertible {
    let integrity: IntegrityAlgorithm
    let ciphering: CipheringAlgorithm
    var description: String { "\(integrity)+\(ciphering)" }
    static let all: [AlgorithmPair] = IntegrityAlgorithm.allImplemented.flatMap { i in
        CipheringAlgorithm.allImplemented.map { AlgorithmPair(integrity: i, ciphering: $0) }
    }
}

/// Loads a JSON resource of this test target (see Resources/SOURCE.md).
enum Resource {
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

/// The shared algorithm test vectors (`shared/vectors`, see its SOURCE.md): TS 33.401 Annex C, ETSI/SAGE.
enum SharedVectors {
    struct Vector: Decodable, Sendable {
        let algorithm: String
        let test_set: Int
        let key: String
        let count_int: UInt32
        let bearer_int: UInt8?
        let direction: UInt8
        let length_bits: Int
        let plaintext: String?
        let ciphertext: String?
        let message: String?
        let mac: String?
    }

    /// Every vector with a BEARER in the file `name` (nested groups included).
    static func load(_ name: String) throws -> [Vector] {
        guard let dir = SharedCaptures.sharedDirectory?.appendingPathComponent("vectors") else { return [] }
        let json = try JSONValue(parsing: Array(try Data(contentsOf: dir.appendingPathComponent(name + ".json"))))
        var found: [JSONValue] = []
        func walk(_ v: JSONValue) {
            switch v {
            case .object(let members):
                if members.contains(where: { $0.key == "bearer_int" }) { found.append(v) }
                for m in members { walk(m.value) }
            case .array(let items): items.forEach(walk)
            default: break
            }
        }
        walk(json)
        return try found.map { try JSONDecoder().decode(Vector.self, from: Data($0.jsonText.utf8)) }
    }
}
