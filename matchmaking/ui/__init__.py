"""The Streamlit pages. With app.py, the only modules that import streamlit."""
