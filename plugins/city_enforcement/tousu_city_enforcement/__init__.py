"""City enforcement (城管执法): a city-management enforcement bureau's complaint center.

The rules of the source's part 4 as a tousu domain plugin: complaints and consultations from
phone, visits, letters, superior agencies, the media and the web; categories routed to the
squadron that handles them; first-responder ownership; every case answered before it closes;
repeat petitions linked to the earlier case; transfers out to the competent agency; time
limits that holidays do not stop; complaints that drag on raised to their own tier; and the
yearly figures of the center's report. The hook implementations live in `.plugin`.
"""
