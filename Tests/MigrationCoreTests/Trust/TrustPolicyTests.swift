import MigrationCore
import XCTest

final class TrustPolicyTests: XCTestCase {
    func testParsesEveryGrammarForm() throws {
        let text = #"""
            {"Version":"2008-10-17","Id":"doc","Statement":{"Sid":"","Effect":"Allow",
             "Principal":{"AWS":["arn:aws:iam::111122223333:root","AROAEXAMPLEID"],"Service":"ec2.amazonaws.com",
               "Federated":"cognito-identity.amazonaws.com","CanonicalUser":["abc"]},
             "Action":["sts:AssumeRole","STS:TagSession"],
             "Condition":{"StringEquals":{"sts:ExternalId":["x","y"]},"Bool":{"aws:MultiFactorAuthPresent":true},
               "NumericLessThan":{"aws:MultiFactorAuthAge":3600}}}}
            """#
        let policy = try TrustFixtures.policy(text)
        XCTAssertEqual(policy.version, "2008-10-17")
        XCTAssertEqual(policy.statements.count, 1)
        let statement = policy.statements[0]
        XCTAssertEqual(statement.sid, "")
        XCTAssertEqual(statement.effect, .allow)
        XCTAssertEqual(statement.principal?.values(of: .aws), ["arn:aws:iam::111122223333:root", "AROAEXAMPLEID"])
        XCTAssertEqual(statement.principal?.values(of: .service), ["ec2.amazonaws.com"])
        XCTAssertEqual(statement.principal?.values(of: .canonicalUser), ["abc"])
        XCTAssertEqual(statement.federatedProviders, ["cognito-identity.amazonaws.com"])
        XCTAssertEqual(statement.actions, ActionList(kind: .action, names: ["sts:AssumeRole", "STS:TagSession"]))
        XCTAssertEqual(
            statement.conditions,
            [
                ConditionClause(operator: "StringEquals", key: "sts:ExternalId", values: ["x", "y"]),
                ConditionClause(operator: "Bool", key: "aws:MultiFactorAuthPresent", values: ["true"]),
                ConditionClause(operator: "NumericLessThan", key: "aws:MultiFactorAuthAge", values: ["3600"]),
            ])
    }

    func testParsesWildcardPrincipalNotPrincipalNotActionAndMissingVersionAndSid() throws {
        let text = #"""
            {"Statement":[{"Effect":"Deny","Principal":"*","NotAction":"sts:AssumeRoleWithWebIdentity"},
              {"Effect":"Allow","NotPrincipal":{"Federated":["a","b"]},"Action":"*","Condition":{"Null":{"k":"true"}}}]}
            """#
        let policy = try TrustFixtures.policy(text)
        XCTAssertNil(policy.version)
        XCTAssertNil(policy.statements[0].sid)
        XCTAssertEqual(policy.statements[0].principal, .wildcard)
        XCTAssertEqual(policy.statements[0].effect, .deny)
        XCTAssertEqual(policy.statements[0].actions.kind, .notAction)
        XCTAssertNil(policy.statements[1].principal)
        XCTAssertEqual(policy.statements[1].notPrincipal?.values(of: .federated), ["a", "b"])
        XCTAssertEqual(policy.statements[1].conditions, [ConditionClause(operator: "Null", key: "k", values: ["true"])])
    }

    func testRoundTripKeepsKeyOrderUnknownMembersAndSingleStatementForm() throws {
        let single =
            #"{"Statement":{"Condition":{"StringLike":{"a:sub":"x*"}},"Action":"sts:AssumeRoleWithWebIdentity","#
            + #""Effect":"Allow","X-Custom":[1,2.50,true,null],"Principal":{"Federated":"p"}},"Version":"2012-10-17","Zeta":{"b":1,"a":2}}"#
        XCTAssertEqual(try TrustFixtures.policy(single).json.serialized(), single)
        let array = TrustFixtures.document([TrustFixtures.kiamStatement, TrustFixtures.irsaStatement(subjects: ["s"])])
        XCTAssertEqual(try TrustFixtures.policy(array).json.serialized(), array)
    }

    func testMinifiedSizeOfTheEKSGuideDocument() throws {
        let pretty = try TrustFixtures.policy(TrustFixtures.eksDocument).json.serialized(.pretty)
        let policy = try TrustFixtures.policy(pretty)
        // Counted independently: the minified EKS guide document is 487 characters (Python json.dumps).
        XCTAssertEqual(TrustFixtures.eksDocument.count, 487)
        XCTAssertEqual(policy.minifiedSize, 487)
    }

    func testAcceptsURLEncodedDocuments() throws {
        let encoded =
            "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A"
            + "%22ec2.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D"
        let policy = try TrustFixtures.policy(encoded)
        XCTAssertEqual(policy.statements[0].principal?.values(of: .service), ["ec2.amazonaws.com"])
    }

    func testBadDocumentsGiveTypedErrors() {
        let cases: [(String, TrustPolicyError)] = [
            ("[1]", .notAnObject),
            (#"{"Version":"2012-10-17"}"#, .missingStatement),
            (#"{"Statement":"x"}"#, .statementsNotAList),
            (#"{"Statement":[1]}"#, .statementNotAnObject(index: 0)),
            (#"{"Version":"2020-01-01","Statement":[]}"#, .badVersion("\"2020-01-01\"")),
            (#"{"Statement":[{"Effect":"allow","Action":"a"}]}"#, .badEffect(index: 0, found: "\"allow\"")),
            (#"{"Statement":[{"Action":"a"}]}"#, .badEffect(index: 0, found: nil)),
            (#"{"Statement":[{"Sid":1,"Effect":"Allow","Action":"a"}]}"#, .badSid(index: 0)),
            (#"{"Statement":[{"Effect":"Allow"}]}"#, .missingAction(index: 0)),
            (#"{"Statement":[{"Effect":"Allow","Action":"a","NotAction":"b"}]}"#, .actionAndNotAction(index: 0)),
            (#"{"Statement":[{"Effect":"Allow","Action":[1]}]}"#, .badAction(index: 0)),
            (
                #"{"Statement":[{"Effect":"Allow","Action":"a","Principal":"*","NotPrincipal":"*"}]}"#,
                .principalAndNotPrincipal(index: 0)
            ),
            (
                #"{"Statement":[{"Effect":"Allow","Action":"a"},{"Effect":"Allow","Action":"a","Principal":{"User":"x"}}]}"#,
                .badPrincipal(index: 1, reason: "unknown principal type User")
            ),
            (
                #"{"Statement":[{"Effect":"Allow","Action":"a","Principal":{"AWS":{"a":1}}}]}"#,
                .badPrincipal(index: 0, reason: "AWS is not a string or a list of strings")
            ),
            (
                #"{"Statement":[{"Effect":"Allow","Action":"a","Principal":"x"}]}"#,
                .badPrincipal(index: 0, reason: "expected \"*\" or an object")
            ),
            (
                #"{"Statement":[{"Effect":"Allow","Action":"a","Condition":[]}]}"#,
                .badCondition(index: 0, reason: "Condition is not an object")
            ),
            (
                #"{"Statement":[{"Effect":"Allow","Action":"a","Condition":{"StringEquals":"x"}}]}"#,
                .badCondition(index: 0, reason: "StringEquals does not map keys to values")
            ),
            (
                #"{"Statement":[{"Effect":"Allow","Action":"a","Condition":{"StringEquals":{"k":{"v":1}}}}]}"#,
                .badCondition(index: 0, reason: "StringEquals k has a value that is not text")
            ),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try TrustPolicy(parsing: text), text) { error in
                XCTAssertEqual(error as? TrustPolicyError, expected, text)
                XCTAssertFalse("\(error)".isEmpty)
            }
        }
    }

    func testTextThatIsNotJSONIsAnError() {
        for text in ["", "{", "{\"Statement\":[}", "nul", "%7B%7B"] {
            XCTAssertThrowsError(try TrustPolicy(parsing: text), text) { error in
                guard case .notJSON = error as? TrustPolicyError else { return XCTFail("\(error) for \(text)") }
                XCTAssertTrue("\(error)".hasPrefix("trust policy is not valid JSON"))
            }
        }
    }

    func testNewDocumentHasVersionThenStatementArray() {
        let statement = TrustStatement.webIdentity(
            provider: TrustFixtures.providerARN, issuer: TrustFixtures.issuerURL, audience: "sts.amazonaws.com",
            subjects: ["system:serviceaccount:default:my-service-account"])
        XCTAssertEqual(TrustPolicy(statements: [statement]).json.serialized(), TrustFixtures.eksDocument)
    }
}
