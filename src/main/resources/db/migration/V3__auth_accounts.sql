-- Operation log filtered by staff member (A3) and staff search by role/status within an agency.
CREATE INDEX operation_log_agency_staff_idx ON operation_log (agency_id, staff_id, at DESC);
