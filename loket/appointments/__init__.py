"""Counters by appointment: locations, capacity, slots, seats, bookings, reminders."""
