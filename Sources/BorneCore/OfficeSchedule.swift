/// The Maison du Tourisme de Vic-sur-Cère's opening hours as `opening_hours`
/// expressions: the 2020 leaflet (shared/data/seed-2020/office-opening-2020.txt)
/// as planned, as it really went with the 2020 lockdowns, and a
/// year-independent version for the demo content.
///
/// How the leaflet's text was read is in docs/OPENING_HOURS.md; the tests in
/// OpeningHoursOfficeTests pin it day by day.
public enum OfficeSchedule {
    /// The periods and hours common to every year. Later rules override
    /// earlier ones for the days they match, so holidays come after the periods.
    static let periods = [
        "Feb 01-Apr 30 Mo-Sa 09:30-12:30,14:00-18:00",
        "May 01-Jul 12 Mo-Sa 09:30-12:30,14:00-18:00",
        "May 01-Jul 12 Su 09:30-13:30",
        "Jul 13-Aug 22 Mo-Sa 09:30-12:30,13:30-18:30",
        "Jul 13-Aug 22 Su 09:30-12:30,14:30-17:00",
        "Aug 23-Aug 31 Mo-Sa 09:30-12:30,14:00-18:00",
        "Aug 23-Aug 31 Su 09:30-13:30",
        "Sep 01-Oct 31 Mo-Sa 09:30-12:30,14:00-18:00",
        "Nov 01-Jan 31 Mo-Sa 09:30-12:30,14:00-17:00",
        // Public holidays are closed, except those the leaflet opens below.
        "PH off",
    ]

    /// In summer, Sundays *and public holidays* have the same hours (14 Jul, 15 Aug).
    static let summerHolidays = "Jul 13-Aug 22 PH 09:30-12:30,14:30-17:00"

    /// The 2020 leaflet as planned: 8 May and 21 May (Ascension 2020) open
    /// with the Sunday hours of the May–12 Jul period. 326 days open in 2020,
    /// 4 of them public holidays and 18 of them Sundays, as the leaflet says.
    public static let planned2020 = (periods + [
        "May 08,May 21 09:30-13:30",
        summerHolidays,
    ]).joined(separator: "; ")

    /// The office's 2020 closures to the public, dated exceptions: 17 March
    /// to 2 June and November (the lockdowns), as the office's 2020 report
    /// says (shared/data/seed-2020/office-opening-2020.txt, last line). They
    /// come last, so they win over the periods and the holidays they cover.
    public static let closures2020 = "2020 Mar 17-2020 Jun 02 off; 2020 Nov off"

    /// 2020 as it went: the planned hours, closed 17 Mar–2 Jun and in
    /// November (the lockdowns).
    public static let actual2020 = planned2020 + "; " + closures2020

    /// The schedule the office's kiosks show in 2020; `actual2020`.
    public static let office2020 = actual2020

    /// Any year: the leaflet's periods, with 8 May and Ascension (which fell
    /// on 21 May in 2020) open on the Sunday hours, and no lockdown. The
    /// content's office.json carries `standard` then `closures2020` (dated
    /// exceptions: the office's statistics count those days as closed).
    public static let standard = (periods + [
        "May 08,easter +39 days 09:30-13:30",
        summerHolidays,
    ]).joined(separator: "; ")
}
