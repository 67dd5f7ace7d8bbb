import ReinDomain
import Testing

@Suite("Money")
struct MoneyTests {
  @Test func parsesDecimalsExactly() throws {
    #expect(try Money.parse("1234.56", currency: .usd).minor == 123_456)
    #expect(try Money.parse("-0.07", currency: .usd).minor == -7)
    #expect(try Money.parse("1,234.5", currency: .usd).minor == 123_450)
    #expect(try Money.parse("0.1", currency: .usd).minor == 10)
    #expect(try Money.parse("12,30", currency: .eur, decimalSeparator: ",").minor == 1_230)
    #expect(try Money.parse("500", currency: try Currency("JPY")).minor == 500)
    #expect(try Money.parse("1.250", currency: try Currency("KWD")).minor == 1_250)
  }

  @Test func refusesWhatIsNotAnAmount() {
    for text in ["", "abc", "1.2.3", "1.234", "--5", "1e5", "0.001", "60000,5", "1,23", "12,3456"] {
      #expect(throws: MoneyError.self) { try Money.parse(text, currency: .usd) }
    }
    #expect(throws: MoneyError.self) { try Money.parse("99999999999999999999", currency: .usd) }
  }

  @Test func formatsForPeopleAndMachines() throws {
    let amount = Money(minor: -123_456_789, currency: .usd)
    #expect(amount.decimalString == "-1234567.89")
    #expect(amount.formatted == "-1,234,567.89")
    #expect(Money(minor: 5, currency: .usd).decimalString == "0.05")
    #expect(Money(minor: 0, currency: .usd).formatted == "0.00")
    #expect(Money(minor: 100_000, currency: .usd).formatted == "1,000.00")
    #expect(Money(minor: 99_999, currency: .usd).formatted == "999.99")
    #expect(Money(minor: 1_234_567, currency: try Currency("JPY")).formatted == "1,234,567")
    #expect(Money(minor: -1_234, currency: try Currency("KWD")).formatted == "-1.234")
    #expect(Money(minor: .min, currency: .usd).formatted == "-92,233,720,368,547,758.08")
    #expect(Money(minor: 250, currency: .eur).description == "2.50 EUR")
  }

  @Test func arithmeticRefusesMixedCurrenciesAndOverflow() throws {
    let dollars = Money(minor: 100, currency: .usd)
    let euros = Money(minor: 100, currency: .eur)
    #expect(throws: MoneyError.currencyMismatch("USD", "EUR")) { try dollars.adding(euros) }
    #expect(try dollars.subtracting(Money(minor: 250, currency: .usd)).minor == -150)
    #expect(throws: MoneyError.overflow) {
      try Money(minor: .max, currency: .usd).adding(Money(minor: 1, currency: .usd))
    }
  }

  @Test func allocationSumsExactly() {
    let shares = Money(minor: 1_000, currency: .usd).allocated(into: 3)
    #expect(shares.map(\.minor) == [334, 333, 333])
    #expect(Money(minor: -7, currency: .usd).allocated(into: 2).map(\.minor).reduce(0, +) == -7)
  }

  @Test func percentageRoundsHalfAwayFromZero() {
    #expect(Money(minor: 10_050, currency: .usd).percentage(basisPoints: 200).minor == 201)
    #expect(Money(minor: -10_050, currency: .usd).percentage(basisPoints: 200).minor == -201)
  }

  @Test func currencyCodesAreValidated() {
    for code in ["usd", "US", "USDX", "12A", ""] {
      #expect(throws: MoneyError.self) { try Currency(code) }
    }
  }
}

@Suite("Days and references")
struct DayTests {
  @Test func civilDatesRoundTrip() {
    for text in ["1970-01-01", "2000-02-29", "2026-12-03", "1999-12-31", "2100-03-01"] {
      #expect(Day(iso: text)?.iso == text)
    }
    #expect(Day(iso: "2026-02-29") == nil)
    #expect(Day(iso: "2026-13-01") == nil)
    #expect(Day(iso: "2026-12-03")?.weekday == 3)
  }

  @Test func instantsFormatAsUTC() {
    let instant = Instant(iso: "2026-12-03T19:28:29Z")
    #expect(instant?.iso == "2026-12-03T19:28:29Z")
    #expect(instant?.day.iso == "2026-12-03")
  }

  @Test func creditorReferencesCarryValidCheckDigits() {
    #expect(CreditorReference.make("539007547034") == "RF18539007547034")
    #expect(CreditorReference.isValid("RF18 5390 0754 7034"))
    #expect(!CreditorReference.isValid("RF19539007547034"))
    #expect(CreditorReference.body("RF18539007547034") == "539007547034")
  }

  @Test func policyFileNamesTheBadLine() {
    #expect(
      throws: PolicyFile.LineError(
        line: 3, message: "policy key threshold.write_off: a threshold cannot be negative (-5)")
    ) {
      try PolicyFile.parse("# comment\ntone.ceiling = firm\nthreshold.write_off = -5\n")
    }
    #expect((try? PolicyFile.parse("tone.ceiling = final\n"))?.first?.value == "final")
  }
}
